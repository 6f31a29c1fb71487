"""Checks of `medrule check --input fhir` (tests/fhir/run.sh)."""
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

MEDRULE = sys.argv[1]
B = "tests/fhir/bundles/"
SITE = "tests/fhir/site.json"
ALL = "problems,medications,allergies"
# (bundle, its fact-file twin, the options the bundle is read with)
GOLDEN = [
    ("crps-outpatient", ["--site", SITE, "--complete", ALL]),
    ("complex-history", ["--complete", ALL]),
    ("contraindicated", []),
]
n = failed = 0
tmp = tempfile.mkdtemp(prefix="medrule-fhir-")


def ok(cond, name, detail=""):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:25]:
            print("# " + line)


def run(args, stdin=None):
    return subprocess.run([MEDRULE, "check", "--format", "json", *args], input=stdin, capture_output=True, text=True)


def fhir(args, stdin=None):
    return run(["--input", "fhir", *args], stdin)


def results(proc):
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def strip(result):
    """The result without what may differ between a bundle and its twin."""
    if "recommendations" not in result:
        return result
    r = copy.deepcopy(result)
    del r["patient"]["source"], r["warnings"]
    for rec in r["recommendations"]:
        for b in rec["because"]:
            b.pop("from", None)
    return r


def froms(result):
    return {(b["fact"], b["from"]) for rec in result["recommendations"] for b in rec["because"] if "from" in b}


def write(name, obj):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(obj if isinstance(obj, str) else json.dumps(obj))
    return path


def bundle(*resources, timestamp="2026-03-02T09:00:00Z"):
    b = {"resourceType": "Bundle", "type": "collection",
         "entry": [{"fullUrl": "urn:uuid:e%d" % i, "resource": r} for i, r in enumerate(resources)]}
    if timestamp:
        b["timestamp"] = timestamp
    return b


SCT, ICD, LOINC, UCUM = "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://loinc.org", \
    "http://unitsofmeasure.org"


def patient(pid="p1", gender="female", birth="1980-01-01"):
    return {"resourceType": "Patient", "id": pid, "gender": gender, "birthDate": birth}


def condition(cid, system, code, clinical="active", verification="confirmed"):
    r = {"resourceType": "Condition", "id": cid, "code": {"coding": [{"system": system, "code": code}]}}
    if clinical:
        r["clinicalStatus"] = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                           "code": clinical}]}
    r["verificationStatus"] = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                                           "code": verification}]}
    return r


def weight(oid, value, unit="kg", system=UCUM, when="2026-03-01", status="final"):
    q = {"value": value, "unit": unit, "code": unit}
    if system:
        q["system"] = system
    return {"resourceType": "Observation", "id": oid, "status": status,
            "code": {"coding": [{"system": LOINC, "code": "29463-7"}]}, "effectiveDateTime": when, "valueQuantity": q}


def bp(oid, sys_, dia, when):
    comp = lambda code, v: {"code": {"coding": [{"system": LOINC, "code": code}]},
                            "valueQuantity": {"value": v, "unit": "mm[Hg]", "system": UCUM, "code": "mm[Hg]"}}
    return {"resourceType": "Observation", "id": oid, "status": "final", "effectiveDateTime": when,
            "code": {"coding": [{"system": LOINC, "code": "85354-9"}]},
            "component": [comp("8480-6", sys_), comp("8462-4", dia)]}


def missing(proc):
    return set(results(proc)[0]["missing_facts"]) if proc.returncode == 0 and results(proc) else None


# ---------------------------------------------------------------- golden bundles = their twins
for name, opts in GOLDEN:
    a = fhir([*opts, B + name + ".json"])
    t = run([B + name + ".facts.json"])
    same = a.returncode == 0 and t.returncode == 0 and strip(results(a)[0]) == strip(results(t)[0])
    ok(same, "%s maps to the same result as its fact-file twin" % name,
       a.stderr + t.stderr + json.dumps(strip(results(a)[0]) if a.returncode == 0 else {}, indent=1)[:3000])

big = json.load(open(B + "complex-history.json"))
ok(len(big["entry"]) >= 300, "complex-history has several hundred resources (%d)" % len(big["entry"]))

# ---------------------------------------------------------------- provenance
r = results(fhir(["--complete", ALL, B + "complex-history.json"]))[0]
want = {("pain.conditions", "Condition/c-lbp"), ("history.psychosis", "Condition/c-psych"),
        ("history.alcohol_abuse", "Condition/c-etoh"), ("plan.infusion_rate", "MedicationRequest/mr-ket"),
        ("plan.premedication", "MedicationRequest/mr-clonidine")}
ok(want <= froms(r), "because entries name the resource they came from", sorted(froms(r)))
ok(all(not f.startswith(("Observation/wt-typo", "MedicationRequest/mr-ket-eie", "Condition/c-glauc-eie"))
       for _, f in froms(r)), "entered-in-error resources are never a source", sorted(froms(r)))
t = results(run([B + "complex-history.facts.json"]))[0]
ok(not froms(t) and '"from"' not in run([B + "complex-history.facts.json"]).stdout,
   "a fact file's result carries no 'from' (unchanged output)")
r = results(fhir([B + "contraindicated.json"]))[0]
ok(("history.serious_psychomimetic_reaction", "AllergyIntolerance/ket-reaction") in froms(r)
   and ("history.benzodiazepine_contraindicated", "MedicationStatement/rtv") in froms(r)
   and ("patient.pregnant", "Condition/preg") in froms(r),
   "allergy, medication statement and pregnancy Condition are named", sorted(froms(r)))

txt = subprocess.run([MEDRULE, "check", "--input", "fhir", "--format", "text", "--color", "never",
                      B + "contraindicated.json"], capture_output=True, text=True).stdout
ok("patient.pregnant = true (Condition/preg)" in txt, "text output names the resource after the value", txt[:500])

# ---------------------------------------------------------------- determinism and --as-of
a, b = fhir([B + "complex-history.json"]), fhir([B + "complex-history.json"])
ok(a.returncode == 0 and a.stdout == b.stdout, "the same bundle gives the same bytes")
old = write("old-woman.json", bundle(patient("w1", "female", "1971-05-01"), timestamp=None))
m54, m55 = missing(fhir(["--as-of", "2026-04-30", old])), missing(fhir(["--as-of", "2026-05-01", old]))
ok(m54 is not None and "patient.pregnant" in m54 and m55 is not None and "patient.pregnant" not in m55,
   "age is computed as of --as-of: 54 the day before her birthday (pregnancy asked), 55 on it (not asked)",
   "%s\n%s" % (m54, m55))
ts = write("old-woman-ts.json", bundle(patient("w1", "female", "1971-05-01"), timestamp="2026-05-01T00:30:00+02:00"))
m = missing(fhir([ts]))
ok(m is not None and "patient.pregnant" not in m, "without --as-of, the Bundle's timestamp is the date")
p = fhir([old])
ok(p.returncode == 0 and "patient.age" in missing(p) and any("age stays unknown" in w for w in results(p)[0]["warnings"]),
   "with neither, age stays unknown and a warning says why", p.stdout[:600])
leap = write("leap.json", bundle(patient("l1", "male", "1956-02-29"), timestamp="2021-02-28T10:00:00Z"))
ok(fhir([leap]).returncode == 0, "a leap-day birthDate is read")

# ---------------------------------------------------------------- --site
m0 = missing(fhir([B + "crps-outpatient.json"]))
m1 = missing(fhir(["--site", SITE, B + "crps-outpatient.json"]))
ok(m0 and "site.monitored" in m0 and m1 is not None and not any(f.startswith(("site.", "staff.")) for f in m1),
   "site and staff facts come from --site, else stay unknown", "%s\n%s" % (m0, m1))
bad_site = write("bad-site.json", {"site": {"monitored": True}, "patient": {"age": 40}})
p = fhir(["--site", bad_site, B + "crps-outpatient.json"])
ok(p.returncode == 1 and "patient.age" in p.stderr and "site profile" in p.stderr,
   "a site profile with patient facts is refused", p.stderr)

# ---------------------------------------------------------------- --complete
p0 = fhir([B + "crps-outpatient.json"])
p1 = fhir(["--complete", ALL, B + "crps-outpatient.json"])
w1 = results(p1)[0]["warnings"]
ok("history.glaucoma" in missing(p0) and "history.glaucoma" not in missing(p1)
   and any("history.glaucoma: taken as false" in w and "--complete problems" in w for w in w1)
   and not results(p0)[0]["warnings"],
   "--complete problems takes an unlisted finding as absent, and says so in warnings", "\n".join(w1))
ok(any("history.liver_disease: taken as none" in w for w in w1), "a severity is taken as none, with a warning")
p2 = fhir(["--complete", "medications", B + "crps-outpatient.json"])
ok("history.glaucoma" in missing(p2), "--complete medications says nothing about problems")
listed = write("nilknown.json", bundle(patient(), {
    "resourceType": "List", "id": "pl", "status": "current", "mode": "snapshot",
    "code": {"coding": [{"system": LOINC, "code": "11450-4"}]},
    "emptyReason": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/list-empty-reason", "code": "nilknown"}]}}))
p = fhir([listed])
ok(p.returncode == 0 and "history.glaucoma" not in missing(p) and not results(p)[0]["warnings"],
   "a problem List with emptyReason nilknown is an explicit negative (no warning)", p.stdout[:800] + p.stderr)

# ---------------------------------------------------------------- what counts
ref = write("refuted.json", bundle(patient(), condition("g", SCT, "23986001", clinical=None, verification="refuted"),
                                   condition("h", ICD, "E05.90", verification="provisional"),
                                   condition("psy", ICD, "F20.9", clinical="remission")))
p = fhir([ref])
m = missing(p)
ok(m is not None and "history.glaucoma" not in m and "history.hyperthyroidism" in m,
   "refuted is false; provisional stays unknown", m)
ok(("history.psychosis", "Condition/psy") in froms(results(p)[0])
   and any(rec["id"].endswith("psychosis_history") for rec in results(p)[0]["recommendations"]),
   "a Condition in remission sets the history value", sorted(froms(results(p)[0])))
wts = write("weights.json", bundle(patient(), weight("w-old", 70, when="2025-01-01"), weight("w-new", 64, when="2026-02-01"),
                                   weight("w-err", 640, when="2026-02-02", status="entered-in-error"),
                                   weight("w-lb", 150, unit="[lb_av]", when="2024-01-01")))
ok(fhir([wts]).returncode == 0, "weights in several units load; the latest final one wins")
htn = lambda *obs: write("htn.json", bundle(patient(), condition("htn", ICD, "I10"), *obs))
m_mid = fhir([htn(bp("bp1", 150, 95, "2026-02-01"))])
m_hi = fhir([htn(bp("bp0", 120, 80, "2025-01-01"), bp("bp1", 168, 104, "2026-02-01"))])
m_ok = fhir([htn(bp("bp0", 170, 104, "2025-01-01"), bp("bp1", 128, 78, "2026-02-01"))])
ok("history.hypertension" in missing(m_mid) and any("hypertension is recorded" in w for w in results(m_mid)[0]["warnings"]),
   "hypertension with a blood pressure between the thresholds stays unknown, with a warning")
ok(any(rec["id"].endswith("hypertension_poorly_controlled") for rec in results(m_hi)[0]["recommendations"]),
   "hypertension with the latest blood pressure 168/104 is poorly controlled")
ok("history.hypertension" not in missing(m_ok)
   and not any(rec["id"].endswith("hypertension_poorly_controlled") for rec in results(m_ok)[0]["recommendations"]),
   "hypertension with the latest blood pressure 128/78 is controlled")

RX = "http://www.nlm.nih.gov/research/umls/rxnorm"
ket_med = {"resourceType": "Medication", "id": "ket10", "ingredient": [{
    "itemCodeableConcept": {"coding": [{"system": RX, "code": "6130"}]},
    "strength": {"numerator": {"value": 100, "unit": "mg", "system": UCUM, "code": "mg"},
                 "denominator": {"value": 10, "unit": "mL", "system": UCUM, "code": "mL"}}}]}


def ml_order(med):
    r = {"resourceType": "MedicationRequest", "id": "ko", "status": "active", "intent": "order",
         "dosageInstruction": [{"route": {"coding": [{"system": SCT, "code": "47625008"}]},
                                "doseAndRate": [{"rateQuantity": {"value": 7, "unit": "mL/h", "system": UCUM, "code": "mL/h"}}]}]}
    r.update(med)
    return r


p = fhir([write("ml.json", bundle(patient(), weight("w", 70), ket_med, ml_order({"medicationReference": {"reference": "Medication/ket10"}})))])
rates = [b["value"] for rec in results(p)[0]["recommendations"] for b in rec["because"] if b["fact"] == "plan.infusion_rate"]
ok(p.returncode == 0 and rates and all(abs(v - 1.0) < 1e-12 for v in rates),
   "a rate in mL/h is converted with the Medication's strength (7 mL/h of 10 mg/mL at 70 kg = 1 mg/kg/h)", p.stdout[:400] + p.stderr)
p = fhir([write("ml2.json", bundle(patient(), weight("w", 70), ml_order({"medicationCodeableConcept": {"coding": [{"system": RX, "code": "6130"}]}})))])
ok(p.returncode == 0 and "plan.infusion_rate" in missing(p) and any("strength" in w for w in results(p)[0]["warnings"]),
   "a rate in mL/h without a strength stays unknown, with a warning", p.stdout[:400] + p.stderr)

def order(oid, code, when, kind="MedicationRequest", status="active"):
    r = {"resourceType": kind, "id": oid, "status": status,
         "medicationCodeableConcept": {"coding": [{"system": RX, "code": code}]}}
    if kind == "MedicationRequest":
        r.update(intent="order", authoredOn=when)
    return r


ket = order("ket", "6130", "2026-03-02T08:00:00Z")
ket["dosageInstruction"] = [{"route": {"coding": [{"system": SCT, "code": "47625008"}]}}]
p = fhir([write("premed.json", bundle(patient(), ket, order("clon-old", "2599", "2019-05-01"),
                                      order("clon-ms", "2599", None, kind="MedicationStatement")))])
ok(p.returncode == 0 and "plan.premedication" in missing(p),
   "a long-standing clonidine order or statement is not premedication", p.stdout[:300] + p.stderr)
p = fhir([write("premed2.json", bundle(patient(), ket, order("mid", "6960", "2026-03-02")))])
ok(p.returncode == 0 and ("plan.premedication", "MedicationRequest/mid") in froms(results(p)[0]),
   "midazolam ordered the day of the ketamine order is premedication", p.stdout[:300] + p.stderr)

def administered(aid, when, **more):
    r = {"resourceType": "MedicationAdministration", "id": aid, "status": "completed",
         "medicationCodeableConcept": {"coding": [{"system": RX, "code": "6130"}]}}
    r.update(more)
    if when:
        r["effectiveDateTime"] = when
    return r


ket15 = copy.deepcopy(ket)
ket15["dosageInstruction"][0]["doseAndRate"] = [{"rateQuantity": {"value": 1.5, "unit": "mg/kg/h", "system": UCUM, "code": "mg/kg/h"}}]
p = fhir([write("given.json", bundle(patient(), weight("w", 80), ket15, administered("adm0", "2025-06-01"),
                                     administered("adm1", None, effectivePeriod={"start": "2026-01-31T09:00:00Z"}),
                                     administered("adm-x", "2026-02-20", status="not-done")))])
facts_seen = {(b["fact"], json.dumps(b["value"]), b.get("from")) for rec in results(p)[0]["recommendations"]
              for b in rec["because"]} if p.returncode == 0 else set()
ok(("plan.days_since_last_infusion", "30", "MedicationAdministration/adm1") in facts_seen
   and ("plan.first_infusion", "false", "MedicationAdministration/adm0, MedicationAdministration/adm1") in facts_seen,
   "ketamine given before: not the first infusion, 30 days since the latest (a not-done one does not count)",
   sorted(facts_seen))
p = fhir(["--complete", "medications", write("ended.json", bundle(patient(), ket, order("old-ket", "6130", "2024-01-01", status="stopped")))])
ok(p.returncode == 0 and "plan.first_infusion" in missing(p),
   "an ended ketamine order may have been given: --complete does not call this the first infusion", p.stdout[:300])
p = fhir(["--complete", "medications", write("first.json", bundle(patient(), ket))])
ok(p.returncode == 0 and "plan.first_infusion" not in missing(p)
   and any(w.endswith("plan.first_infusion: taken as true: nothing in the bundle says so, and --complete medications "
                      "declares that part of the record complete") for w in results(p)[0]["warnings"]),
   "--complete medications and no earlier ketamine: the first infusion, with a warning", p.stdout[:600])

contained = ml_order({"medicationReference": {"reference": "#k"}})
contained["contained"] = [dict(ket_med, id="k")]
p = fhir([write("contained.json", bundle(patient(), weight("w", 70), contained))])
rates = [b["value"] for rec in results(p)[0]["recommendations"] for b in rec["because"]
         if b["fact"] == "plan.infusion_rate"] if p.returncode == 0 else []
ok(rates and all(abs(v - 1.0) < 1e-12 for v in rates), "a contained Medication (#k) is read, strength and all",
   p.stdout[:300] + p.stderr)
p = fhir([write("dangling.json", bundle(patient(), ml_order({"medicationReference": {"reference": "Medication/elsewhere"}})))])
ok(p.returncode == 0 and "plan.route" in missing(p)
   and any("entry[1].resource.medicationReference" in w and "not a Medication in this bundle" in w
           for w in results(p)[0]["warnings"]),
   "a medicationReference out of the bundle: the drug stays unknown, with a warning", p.stdout[:500] + p.stderr)

# ---------------------------------------------------------------- errors name the entry
def error_case(name, obj, want, args=()):
    path = write(name + ".json", obj)
    p = fhir([*args, path])
    out = results(p)
    ok(p.returncode == 1 and all(w in p.stderr for w in want) and len(out) == 1 and "disposition" not in out[0]
       and all(w in out[0]["error"] for w in want),
       "error: %s" % name, p.stderr + p.stdout[:300])


error_case("non-ucum", bundle(patient(), weight("w", 68, unit="kg", system="http://snomed.info/sct")),
           ["entry[1].resource.valueQuantity", "not UCUM"])
bad_code = bundle(patient(), weight("w", 68), condition("c", ICD, "G90.50"), condition("d", ICD, "M79.7"))
bad_code["entry"][3]["resource"]["code"] = "M79.7"
error_case("malformed-code", bad_code, ["entry[3].resource.code", "CodeableConcept"])
bad_coding = bundle(patient(), condition("c", ICD, "G90.50"))
bad_coding["entry"][1]["resource"]["code"]["coding"][0]["code"] = 12
error_case("coding-code-number", bad_coding, ["entry[1].resource.code.coding[0]", "'code' must be a string"])
error_case("not-a-bundle", patient(), ["not a FHIR Bundle", "Patient"])
error_case("entry-without-resource", {"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "x"}]},
           ["entry[0]", "resource"])
error_case("two-patients", bundle(patient("a"), patient("b")), ["entry[1].resource", "second Patient"])
error_case("bad-birthdate", bundle(patient(birth="1980-13")), ["entry[0].resource.birthDate"])
error_case("implausible-weight", bundle(patient(), weight("w", 900)), ["entry[1].resource.valueQuantity", "patient.weight"])
two_rates = bundle(patient(), weight("w", 70), *[{
    "resourceType": "MedicationRequest", "id": "k%d" % i, "status": "active", "intent": "order",
    "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130"}]},
    "dosageInstruction": [{"doseAndRate": [{"rateQuantity": {"value": v, "unit": "mg/kg/h", "system": UCUM,
                                                             "code": "mg/kg/h"}}]}]} for i, v in ((1, 0.5), (2, 1.0))])
error_case("two-infusion-rates", two_rates, ["entry[3].resource.dosageInstruction[0].doseAndRate[0].rateQuantity",
                                            "given twice", "entry[2]"])
syntax = write("syntax.json", '{"resourceType": "Bundle",\n "entry": [\n  {"resource": }\n ]}\n')
p = fhir([syntax])
ok(p.returncode == 1 and "syntax.json:3:" in p.stderr, "a JSON syntax error names file:line:col", p.stderr)

# Damaged bundles (a seeded generator: values of the wrong type, keys removed, lists grown,
# text cut short) as NDJSON: every line is evaluated or refused with a message naming the
# bundle's line, never a crash or a silent skip.
rng = random.Random(2018)
WRONG = [None, True, 0, -1, 1e300, "", "x", [], {}, [1], {"a": 1}, "2026-13-45", {"value": 5, "unit": "kg"},
         {"coding": [{"system": SCT, "code": "77386006"}]}]


def damaged(b):
    nodes = []

    def walk(o):
        for k in (list(o) if isinstance(o, dict) else range(len(o)) if isinstance(o, list) else []):
            nodes.append((o, k))
            walk(o[k])
    walk(b)
    for _ in range(rng.randint(1, 4)):
        parent, k = rng.choice(nodes)
        r = rng.random()
        try:
            if r < 0.5:
                parent[k] = rng.choice(WRONG)
            elif r < 0.75 and isinstance(parent, dict):
                del parent[k]
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(parent[k]))
        except (KeyError, IndexError):
            pass
    text = json.dumps(b)
    return text[:rng.randint(1, len(text))] if rng.random() < 0.1 else text


seeds = [json.load(open(B + name + ".json")) for name in ("crps-outpatient", "contraindicated")]
lines_in = [damaged(copy.deepcopy(rng.choice(seeds))) for _ in range(120)]
p = fhir(["--complete", "problems", write("damaged.ndjson", "\n".join(lines_in) + "\n")])
out = results(p)
errs = [r for r in out if "error" in r]
ok(p.returncode in (0, 1) and len(out) == len(lines_in)
   and all(r["error"].startswith(r["patient"]["source"] + ":")
           for r in errs)
   and all("disposition" in r for r in out if "error" not in r),
   "120 damaged bundles: each evaluated or refused with a message naming its line (%d refused)" % len(errs),
   p.stderr[-2000:])

# ---------------------------------------------------------------- NDJSON of bundles, stdin, threads
lines = [json.dumps(json.load(open(B + name + ".json"))) for name, _ in GOLDEN]
nd = write("bundles.ndjson", "\n".join(lines) + "\n")
p = fhir([nd])
rs = results(p)
ok(p.returncode == 0 and [r["patient"]["id"] for r in rs] == ["pt-crps-01", "pt-hist-7", "pt-ci-3"]
   and rs[1]["patient"]["source"] == nd + ":2", "NDJSON of bundles: one result per line, in order, source file:line",
   p.stderr + p.stdout[:300])
single = [(results(fhir([B + name + ".json"])) or [{}])[0] for name, _ in GOLDEN]
ok([strip(r) for r in rs] == [strip(r) for r in single], "each NDJSON line evaluates as its own file does")
s = fhir(["-"], stdin="\n".join(lines) + "\n")
ok(s.returncode == 0 and [strip(r) for r in results(s)] == [strip(r) for r in rs], "bundles on stdin, one per line")
j1, j2 = fhir(["-j", "1", nd]), fhir(["-j", "2", nd])
ok(j1.stdout == j2.stdout and j1.returncode == 0, "-j 2 gives the same bytes as -j 1")
badnd = write("bad.ndjson", lines[0] + "\n" + '{"resourceType": "Patient"}' + "\n")
p = fhir([badnd])
ok(p.returncode == 1 and [("disposition" in r, "error" in r) for r in results(p)] == [(True, False), (False, True)]
   and "bad.ndjson:2" in p.stderr,
   "a bad line of NDJSON fails alone, named by file:line", p.stderr)

# ---------------------------------------------------------------- usage and packs
for args, why in ((["--input", "xml"], "--input"), (["--input", "fhir", "--as-of", "2026-3-1"], "--as-of"),
                  (["--input", "fhir", "--complete", "problems,labs"], "--complete"),
                  (["--as-of", "2026-03-01"], "--input fhir")):
    p = run([*args, B + "crps-outpatient.json"])
    ok(p.returncode == 2 and why in p.stderr, "usage: %s" % " ".join(args), p.stderr)
p = fhir(["--pack", "rules/demo", B + "crps-outpatient.json"])
ok(p.returncode == 1 and "no FHIR mapping" in p.stderr, "a pack with no mapping (its own or its vocabulary's) says so",
   p.stderr)
p = fhir(["--pack", "rules/hocking-2003", B + "contraindicated.json"])
hocking = results(p)[0] if p.returncode == 0 else {}
twin = run(["--pack", "rules/hocking-2003", "--format", "json", B + "contraindicated.facts.json"])
ok(p.returncode == 0 and twin.returncode == 0 and strip(hocking) == strip(results(twin)[0]),
   "through the vocabulary's mapping, a review pack gives the bundle the result of its fact-file twin",
   p.stderr + twin.stderr)
p = fhir(["--pack", "rules/asra-ketamine-2018", "--pack", "rules/hocking-2003", B + "contraindicated.json"])
ok(p.returncode == 0 and results(p)[0]["disposition"] == "do_not_proceed", "several packs: the primary's mapping is used",
   p.stderr)
root = os.path.join(tmp, "copy")
pack, vocab = os.path.join(root, "pack"), os.path.join(root, "vocabulary")
shutil.copytree("rules/asra-ketamine-2018", pack)
shutil.copytree("rules/vocabulary", vocab)
mapping = os.path.join(vocab, "ketamine.fhir.lua")
digest = lambda: json.loads(run(["--pack", pack, "--format", "json", B + "contraindicated.facts.json"]).stdout
                            .splitlines()[0])["pack"]["digest"]
before = digest()
with open(mapping) as f:
    text = f.read()
with open(mapping, "w") as f:
    f.write(text + "-- a comment\n")
ok(digest() != before, "the pack digest covers the vocabulary's FHIR mapping")
with open(mapping, "w") as f:
    f.write(text.replace('condition { "history.glaucoma", true,', 'condition { "history.glaucomma", true,'))
line = text[:text.index('condition { "history.glaucoma", true,')].count("\n") + 1
p = fhir(["--pack", pack, B + "crps-outpatient.json"])
ok(p.returncode == 1 and ("vocabulary/ketamine.fhir.lua:%d:" % line) in p.stderr and "history.glaucoma" in p.stderr,
   "a typo in the mapping fails the pack load with file, line and a suggestion", p.stderr)
with open(mapping, "w") as f:
    f.write(text)
with open(os.path.join(pack, "fhir.lua"), "w") as f:
    f.write('io.open("/etc/passwd")\n')
p = fhir(["--pack", pack, B + "crps-outpatient.json"])
ok(p.returncode == 1 and (pack + "/fhir.lua:1:") in p.stderr,
   "a pack's own fhir.lua comes before its vocabulary's, and runs in a sandbox (no io)", p.stderr)

shutil.rmtree(tmp)
print("1..%d" % n)
sys.exit(1 if failed else 0)
