#!/usr/bin/env python3
"""A CDS Hooks conversation with `medrule serve`, as an EHR would hold it.

Starts the service on a free loopback port, asks what it offers (discovery),
sends an order-sign hook whose prefetch carries the patient's FHIR resources
(from examples/fhir/crps-outpatient.json) and prints the cards that come back,
then stops the service with SIGTERM.  Run from the repository root:

    python3 examples/cds-hooks/client.py [path/to/medrule]
"""
import http.client
import json
import re
import signal
import subprocess
import sys

MEDRULE = sys.argv[1] if len(sys.argv) > 1 else "medrule"
BUNDLE = "examples/fhir/crps-outpatient.json"


def call(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    payload = json.loads(resp.read())
    conn.close()
    return resp.status, payload


server = subprocess.Popen([MEDRULE, "serve", "--port", "0", "--site", "examples/fhir/site.json"],
                          stderr=subprocess.PIPE, text=True)
try:
    started = server.stderr.readline()
    port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", started).group(1))

    status, discovery = call(port, "GET", "/cds-services")
    print("GET /cds-services ->", status, " ".join(s["id"] for s in discovery["services"]))

    # The EHR's prefetch: the patient, and a search Bundle of everything else it holds on her.
    entries = [e["resource"] for e in json.load(open(BUNDLE))["entry"]]
    patient = next(r for r in entries if r["resourceType"] == "Patient")
    order = next(r for r in entries if r["resourceType"] == "MedicationRequest")
    others = [{"resource": r} for r in entries if r is not patient and r is not order]
    request = {
        "hookInstance": "3f0c9b2e-5d1a-4c55-9a4b-8f2d6c1e7a10", "hook": "order-sign",
        "context": {"userId": "Practitioner/example", "patientId": patient["id"],
                    "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": order}]}},
        "prefetch": {"patient": patient,
                     "record": {"resourceType": "Bundle", "type": "searchset",
                                "timestamp": "2026-11-30T09:00:00Z", "entry": others}},
    }
    status, answer = call(port, "POST", "/cds-services/medrule-order-sign", request)
    print("POST /cds-services/medrule-order-sign ->", status)
    for card in answer["cards"]:
        ext = card.get("extension", {})
        grade = ext.get("medrule.grade")
        summary = card["summary"] if len(card["summary"]) <= 64 else card["summary"][:61] + "..."
        print("  %-8s %s%s" % (card["indicator"], summary, " [grade %s]" % grade if grade else ""))
finally:
    server.send_signal(signal.SIGTERM)
    print("SIGTERM -> exit", server.wait(timeout=10))
