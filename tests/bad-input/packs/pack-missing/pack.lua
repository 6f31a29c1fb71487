fact { "patient.weight", type = "quantity", unit = "kg" }
