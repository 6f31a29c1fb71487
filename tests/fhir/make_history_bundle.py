"""Writes tests/fhir/bundles/complex-history.json: a real-shaped record of several hundred
resources (years of encounters, vital signs, labs, immunizations, unrelated problems and
medications) around a handful of entries that matter to the ketamine pack, with resolved,
entered-in-error, refuted and provisional entries among them.  Deterministic: the same file
every run.  The golden file is committed; run this only to change it:
    python3 tests/fhir/make_history_bundle.py > tests/fhir/bundles/complex-history.json
"""
import json

PID = "pt-hist-7"
SUBJ = {"reference": "Patient/" + PID}
SCT, ICD, LOINC = "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://loinc.org"
RX, UCUM = "http://www.nlm.nih.gov/research/umls/rxnorm", "http://unitsofmeasure.org"
CLIN = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VER = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
INTERP = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
entries = []


def add(res):
    entries.append({"fullUrl": "urn:uuid:00000000-0000-4000-8000-%012d" % (len(entries) + 1), "resource": res})


def cc(system, code, display):
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def day(i):  # a date i weeks after 2012-01-02 (no calendar library needed: fixed 28-day months)
    y, rest = divmod(i * 7, 336)
    m, d = divmod(rest, 28)
    return "%04d-%02d-%02d" % (2012 + y, m + 1, d + 1)


def condition(cid, codes, clinical, verification="confirmed", onset="2015-04-01"):
    res = {"resourceType": "Condition", "id": cid,
           "clinicalStatus": {"coding": [{"system": CLIN, "code": clinical}]} if clinical else None,
           "verificationStatus": {"coding": [{"system": VER, "code": verification}]},
           "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                     "code": "problem-list-item"}]}],
           "code": {"coding": [{"system": s, "code": c, "display": d} for s, c, d in codes]},
           "subject": SUBJ, "onsetDateTime": onset}
    add({k: v for k, v in res.items() if v is not None})


def obs(oid, code, display, when, status="final", **value):
    res = {"resourceType": "Observation", "id": oid, "status": status,
           "code": cc(LOINC, code, display), "subject": SUBJ, "effectiveDateTime": when + "T09:00:00Z"}
    res.update(value)
    add(res)


def qty(v, unit):
    return {"value": v, "unit": unit, "system": UCUM, "code": unit}


def med(mid, kind, code, display, status, when, **more):
    res = {"resourceType": kind, "id": mid, "status": status,
           "medicationCodeableConcept": cc(RX, code, display), "subject": SUBJ}
    if kind == "MedicationRequest":
        res.update(intent="order", authoredOn=when)
    else:
        res.update(effectiveDateTime=when)
    res.update(more)
    add(res)


add({"resourceType": "Patient", "id": PID, "gender": "male", "birthDate": "1956-02-29",
     "name": [{"family": "Okafor", "given": ["Samuel"]}],
     "address": [{"city": "Leeds", "country": "GB"}]})
add({"resourceType": "Practitioner", "id": "prac-1", "name": [{"family": "Reyes", "prefix": ["Dr"]}]})
add({"resourceType": "Organization", "id": "org-1", "name": "Riverside Pain Centre"})

# Ten years of visits, each with a blood pressure and every other with a weight.
for i in range(0, 520, 4):
    when = day(i)
    add({"resourceType": "Encounter", "id": "enc-%d" % i, "status": "finished",
         "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
         "subject": SUBJ, "period": {"start": when + "T08:30:00Z", "end": when + "T09:10:00Z"}})
    sys_bp, dia_bp = (172, 104) if i < 400 else (132, 82)
    obs("bp-%d" % i, "85354-9", "Blood pressure panel", when,
        component=[{"code": cc(LOINC, "8480-6", "Systolic blood pressure"), "valueQuantity": qty(sys_bp - i % 7, "mm[Hg]")},
                   {"code": cc(LOINC, "8462-4", "Diastolic blood pressure"), "valueQuantity": qty(dia_bp - i % 5, "mm[Hg]")}])
    if i % 8 == 0:
        obs("wt-%d" % i, "29463-7", "Body weight", when, valueQuantity=qty(round(90 - i / 70, 1), "kg"))
    if i % 16 == 0:
        obs("hr-%d" % i, "8867-4", "Heart rate", when, valueQuantity=qty(70 + i % 9, "/min"))
    if i % 24 == 0:
        obs("a1c-%d" % i, "4548-4", "Hemoglobin A1c", when, valueQuantity=qty(6.1, "%"))

# The latest weight, and a later one entered in error (a typo of 825 kg): only the first counts.
obs("wt-latest", "29463-7", "Body weight", "2026-01-12", valueQuantity=qty(82.5, "kg"))
obs("wt-typo", "29463-7", "Body weight", "2026-01-13", status="entered-in-error", valueQuantity=qty(825, "kg"))
obs("wt-prelim", "29463-7", "Body weight", "2026-01-14", status="preliminary", valueQuantity=qty(95, "kg"))

# Liver tests: raised once in 2019, normal since.
obs("alt-2019", "1742-6", "ALT", "2019-05-06", valueQuantity=qty(88, "U/L"),
    interpretation=[cc(INTERP, "H", "High")])
obs("alt-2025", "1742-6", "ALT", "2025-11-03", valueQuantity=qty(31, "U/L"),
    interpretation=[cc(INTERP, "N", "Normal")])
obs("ast-2025", "1920-8", "AST", "2025-11-03", valueQuantity=qty(28, "U/L"),
    referenceRange=[{"low": qty(10, "U/L"), "high": qty(40, "U/L")}])
# ECG: abnormal in 2016 (since treated), normal last month.
obs("ecg-2016", "8601-7", "EKG impression", "2016-02-01", interpretation=[cc(INTERP, "A", "Abnormal")])
obs("ecg-2025", "8601-7", "EKG impression", "2025-12-15",
    valueCodeableConcept=cc(SCT, "164854000", "Electrocardiogram normal"))

# Problems that matter, and their history.
condition("c-lbp", [(ICD, "M54.50", "Low back pain, unspecified"), (SCT, "279039007", "Low back pain")], "active")
condition("c-phn", [(ICD, "B02.29", "Other postherpetic nervous system involvement")], "resolved", onset="2014-03-01")
condition("c-htn", [(ICD, "I10", "Essential (primary) hypertension")], "active", onset="2013-06-01")
condition("c-cad", [(ICD, "I25.10", "Atherosclerotic heart disease of native coronary artery without angina pectoris")],
          "active", onset="2016-02-01")
condition("c-etoh", [(ICD, "F10.21", "Alcohol dependence, in remission")], "active", onset="2018-01-01")
condition("c-psych", [(ICD, "F29", "Unspecified psychosis not due to a substance or known physiological condition")],
          "resolved", onset="1994-05-01")
condition("c-glauc-eie", [(ICD, "H40.1190", "Primary open-angle glaucoma, unspecified eye")], "active",
          verification="entered-in-error")
condition("c-glauc-ref", [(SCT, "23986001", "Glaucoma")], None, verification="refuted")
condition("c-thyro-prov", [(ICD, "E05.90", "Thyrotoxicosis, unspecified")], "active", verification="provisional")
# Unrelated problems.
for k, (code, display) in enumerate([("E11.9", "Type 2 diabetes mellitus without complications"),
                                     ("E78.5", "Hyperlipidemia, unspecified"), ("K21.9", "Gastro-esophageal reflux disease"),
                                     ("M17.11", "Unilateral primary osteoarthritis, right knee"),
                                     ("J30.2", "Other seasonal allergic rhinitis"), ("Z87.891", "Personal history of nicotine dependence")]):
    condition("c-other-%d" % k, [(ICD, code, display)], "active" if k % 2 == 0 else "resolved", onset="2012-0%d-01" % (k + 1))

# Immunizations and unrelated procedures.
for y in range(2012, 2026):
    add({"resourceType": "Immunization", "id": "imm-%d" % y, "status": "completed",
         "vaccineCode": cc("http://hl7.org/fhir/sid/cvx", "141", "Influenza, seasonal, injectable"),
         "patient": SUBJ, "occurrenceDateTime": "%d-10-01" % y})
add({"resourceType": "Procedure", "id": "proc-colon", "status": "completed",
     "code": cc(SCT, "73761001", "Colonoscopy"), "subject": SUBJ, "performedDateTime": "2020-07-14"})
add({"resourceType": "Procedure", "id": "proc-ecg-2025", "status": "completed",
     "code": cc(SCT, "268400002", "12 lead electrocardiogram"), "subject": SUBJ, "performedDateTime": "2025-12-15"})

# Medications: long-term ones (unrelated), old stopped ketamine and midazolam orders, one in error.
med("ms-lisinopril", "MedicationStatement", "29046", "lisinopril", "active", "2014-01-01")
med("ms-atorva", "MedicationStatement", "83367", "atorvastatin", "active", "2016-03-01")
med("ms-metformin", "MedicationStatement", "6809", "metformin", "active", "2015-05-01")
med("mr-ket-2024", "MedicationRequest", "6130", "ketamine", "stopped", "2024-04-02",
    dosageInstruction=[{"route": cc(SCT, "47625008", "Intravenous route"),
                        "doseAndRate": [{"rateQuantity": qty(1.5, "mg/kg/h")}]}])
med("mr-ket-eie", "MedicationRequest", "6130", "ketamine", "entered-in-error", "2026-01-20",
    dosageInstruction=[{"route": cc(SCT, "47625008", "Intravenous route"),
                        "doseAndRate": [{"rateQuantity": qty(5, "mg/kg/h")}]}])
med("mr-midaz-2024", "MedicationRequest", "6960", "midazolam", "stopped", "2024-04-02")

# This visit: the ketamine order (20 mg/h over 240 min, 8 mg bolus) and clonidine before it.
med("mr-ket", "MedicationRequest", "6130", "ketamine", "active", "2026-01-21",
    dosageInstruction=[{"text": "ketamine 8 mg IV bolus, then 20 mg/h for 240 min",
                        "route": cc(SCT, "47625008", "Intravenous route"),
                        "doseAndRate": [{"type": cc("http://terminology.hl7.org/CodeSystem/dose-rate-type", "ordered", "Ordered"),
                                         "doseQuantity": qty(8, "mg")}]},
                       {"route": cc(SCT, "47625008", "Intravenous route"),
                        "timing": {"repeat": {"duration": 240, "durationUnit": "min"}},
                        "doseAndRate": [{"rateRatio": {"numerator": qty(20, "mg"), "denominator": qty(1, "h")}}]}])
med("mr-clonidine", "MedicationRequest", "2599", "clonidine", "active", "2026-01-21")

# Allergies: one unrelated, one refuted benzodiazepine reaction.
add({"resourceType": "AllergyIntolerance", "id": "al-pcn",
     "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]},
     "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "code": "confirmed"}]},
     "code": cc(RX, "7980", "penicillin G"), "patient": SUBJ})
add({"resourceType": "AllergyIntolerance", "id": "al-midaz-refuted",
     "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "code": "refuted"}]},
     "code": cc(RX, "6960", "midazolam"), "patient": SUBJ})

# Consent: refused in 2024 (since withdrawn), given today.
add({"resourceType": "Consent", "id": "consent-2024", "status": "inactive",
     "scope": cc("http://terminology.hl7.org/CodeSystem/consentscope", "treatment", "Treatment"),
     "category": [cc(LOINC, "59284-0", "Patient Consent")], "patient": SUBJ, "dateTime": "2024-04-01",
     "provision": {"type": "deny"}})
add({"resourceType": "Consent", "id": "consent-2026", "status": "active",
     "scope": cc("http://terminology.hl7.org/CodeSystem/consentscope", "treatment", "Treatment"),
     "category": [cc(LOINC, "59284-0", "Patient Consent")], "patient": SUBJ, "dateTime": "2026-01-21",
     "provision": {"type": "permit"}})

bundle = {"resourceType": "Bundle", "id": "complex-history", "type": "collection",
          "timestamp": "2026-02-28T10:00:00Z", "entry": entries}
print(json.dumps(bundle, indent=1))
