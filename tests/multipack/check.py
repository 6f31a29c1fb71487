"""Golden checks of several packs evaluated together (tests/multipack/run.sh)."""
import copy
import json
import subprocess
import sys

MEDRULE = sys.argv[1]
PRIMARY = "rules/asra-ketamine-2018"
OTHERS = ["rules/hocking-2003", "rules/noppers-2010", "rules/maher-2017", "rules/pain-clinical-updates"]
ALL = [PRIMARY] + OTHERS
BASE = json.load(open("examples/patients/crps-healthy.json"))

n = 0
failed = 0


def ok(cond, name, detail=""):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print("# " + line)


def run(packs, facts, fmt="json", extra=()):
    args = [MEDRULE, "check", "--format", fmt, *extra]
    for p in packs:
        args += ["--pack", p]
    proc = subprocess.run(args + ["-"], input=json.dumps(facts) + "\n", capture_output=True, text=True)
    return proc


def patient(pid, **changes):
    facts = copy.deepcopy(BASE)
    facts["patient"]["id"] = pid
    for path, value in changes.items():
        group, name = path.split("__")
        facts[group][name] = value
    return facts


def statements(result, topic):
    """The (pack, grade, position) statements on a topic, when its question is given."""
    for d in result["disagreements"]:
        if d["topic"] == topic and isinstance(d["question"], str) and d["question"].endswith("?"):
            return {(s["pack"], s["grade"], s["position"]) for s in d["statements"]}
    return set()


# Each disagreement the issue lists: the patient, the topic, and statements that must be there.
CASES = [
    ("the infusion rate range", patient("mp-rate"), "dosing.infusion_rate",
     {("asra-ketamine-2018", "C", "0.5-2 mg/kg/h"), ("hocking-2003", "II", "0.125-0.3 mg/kg/h"),
      ("maher-2017", None, "0.1-0.5 mg/kg/h")}),
    ("fibromyalgia (grade D vs level II)", patient("mp-fibro", pain__conditions=["fibromyalgia"]),
     "indication.fibromyalgia",
     {("asra-ketamine-2018", "D", "weak_or_no_evidence"), ("hocking-2003", "II", "supported")}),
    ("CRPS (grade B vs level IV)", patient("mp-crps"), "indication.crps",
     {("asra-ketamine-2018", "B", "supported"), ("hocking-2003", "IV", "weak_or_no_evidence")}),
    ("phantom limb pain (grade D vs level II)", patient("mp-plp", pain__conditions=["phantom_limb"]),
     "indication.phantom_limb",
     {("asra-ketamine-2018", "D", "weak_or_no_evidence"), ("hocking-2003", "II", "supported")}),
    ("postherpetic neuralgia (grade D vs level II)",
     patient("mp-phn", pain__conditions=["postherpetic_neuralgia"]), "indication.postherpetic_neuralgia",
     {("asra-ketamine-2018", "D", "weak_or_no_evidence"), ("hocking-2003", "II", "supported")}),
    ("moderate hepatic disease (caution vs no dose change)",
     patient("mp-liver", history__liver_disease="moderate"), "contraindication.hepatic_moderate",
     {("asra-ketamine-2018", "C", "caution"), ("pain-clinical-updates", None, "no_dose_change")}),
    ("the monitored setting (above thresholds vs every infusion)",
     patient("mp-setting", site__monitored=False), "setting.monitoring",
     {("asra-ketamine-2018", None, "above_threshold"), ("maher-2017", None, "every_infusion")}),
]

print("1..%d" % (len(CASES) * 2 + 16))
for name, facts, topic, want in CASES:
    proc = run(ALL, facts)
    if proc.returncode:
        ok(False, name, proc.stderr)
        ok(False, name + ": the primary alone sets the disposition")
        continue
    result = json.loads(proc.stdout)
    got = statements(result, topic)
    ok(want <= got, "%s: '%s' disagrees (with its question), each pack in its own scale" % (name, topic),
       "want %s\ngot %s" % (sorted(map(str, want)), sorted(map(str, got))))
    single = json.loads(run([PRIMARY], facts).stdout)
    ok(result["disposition"] == single["disposition"] and
       result["disposition_reasons"] == single["disposition_reasons"],
       "%s: the primary pack alone sets the disposition (%s)" % (name, single["disposition"]),
       json.dumps([result["disposition_reasons"], single["disposition_reasons"]]))

facts = patient("mp-all", pain__conditions=["crps", "fibromyalgia"])
result = json.loads(run(ALL, facts).stdout)
ok([p["id"] for p in result["packs"]] == ["asra-ketamine-2018", "hocking-2003", "noppers-2010", "maher-2017",
                                          "pain-clinical-updates"]
   and [p["primary"] for p in result["packs"]] == [True, False, False, False, False],
   "--pack five times: five packs, the first primary, none dropped", result.get("packs"))
scales = {r["pack"]: r["scale"] for r in result["recommendations"]}
ok(len(scales) == 5 and scales["hocking-2003"] == "Hocking & Cousins 2003 levels I-IV"
   and scales["maher-2017"] == "Oxford CEBM 2009",
   "every recommendation names its pack and the scale of its grade", scales)
ok(all(r["effect"] == "none" for r in result["recommendations"] if r["pack"] != "asra-ketamine-2018"),
   "the other packs' recommendations inform: effect none")
ok([d["topic"] for d in result["disagreements"]] == sorted(d["topic"] for d in result["disagreements"]),
   "disagreements are sorted by topic")
again = run(ALL, facts).stdout
ok(again == run(ALL, facts).stdout, "the same patient and packs give the same bytes")
text = run(ALL, facts, "text").stdout
ok("Sources disagree" in text and "indication.fibromyalgia" in text and "[level II]" in text
   and "What Hocking & Cousins 2003" in text,
   "text: a 'Sources disagree' section, and each other pack's section in its own scale", text[-2000:])
cards = json.loads(run(ALL, facts, "cards").stdout)["cards"]
dis = [c for c in cards if c["summary"].startswith("Sources disagree: ")]
hocking = [c for c in cards if c.get("extension", {}).get("medrule.pack") == "hocking-2003"
           and c["extension"]["medrule.grade"] == "II"]
ok(len(dis) == len(result["disagreements"]) and dis and all(c["indicator"] == "info" for c in dis)
   and hocking and hocking[0]["detail"].startswith("**Level II**"),
   "cards: one 'Sources disagree' card per topic; each pack's card in its own words (Level II) with its pack",
   json.dumps(cards)[:1500])
single = run([PRIMARY], facts).stdout
ok('"packs"' not in single and '"disagreements"' not in single and '"scale"' not in single,
   "one pack: the result is the single-pack contract object, unchanged")
twice = run([PRIMARY, PRIMARY], facts)
ok(twice.returncode == 1 and "given twice" in twice.stderr, "the same pack twice is an error, not a silent drop",
   twice.stderr)
lua_second = run([PRIMARY, "rules/demo"], facts)
ok(lua_second.returncode == 1 and "medrule: " in lua_second.stderr,
   "a pack that cannot join (a fact declared differently, or a Lua-function condition) is an error that says why",
   lua_second.stderr)
golden = [MEDRULE, "test", "--tests", "tests/multipack/cases"]
for p in ALL:
    golden += ["--pack", p]
proc = subprocess.run(golden, capture_output=True, text=True)
ok(proc.returncode == 0 and proc.stdout.endswith(" passed, 0 failed\n") and "7 passed" in proc.stdout,
   "medrule test --pack ... --tests tests/multipack/cases: the golden disagreement cases pass", proc.stdout[-1500:])
proc = subprocess.run([MEDRULE, "test", "--pack", PRIMARY, "--pack", OTHERS[0]], capture_output=True, text=True)
ok(proc.returncode == 2 and "--tests DIR" in proc.stderr,
   "medrule test with several packs and no --tests: a usage error, not the primary's cases against the union",
   proc.stderr)
lint = [MEDRULE, "lint"]
for p in ALL:
    lint += ["--pack", p]
proc = subprocess.run(lint, capture_output=True, text=True)
ok(proc.returncode == 0 and "rules/hocking-2003/indications.lua: warning: [topic-alone] rule "
   "hocking2003.indication.third_line: topic indication.line_of_therapy is used by pack hocking-2003 only" in proc.stdout
   and "\n0 errors, " in proc.stdout,
   "medrule lint over several packs: each pack's findings, then topics only one pack uses", proc.stdout[-1500:])
proc = subprocess.run([MEDRULE, "lint", "--pack", "rules/demo", "--pack", PRIMARY], capture_output=True, text=True)
ok(proc.returncode == 1 and "error: [packs-together]" in proc.stdout and "declared differently" in proc.stdout,
   "medrule lint over packs that cannot load together: an error that names the conflicting declarations",
   proc.stdout[-1500:])
doc = [MEDRULE, "doc"]
for p in ALL:
    doc += ["--pack", p]
proc = subprocess.run(doc, capture_output=True, text=True)
row = [l for l in proc.stdout.splitlines() if "[`dosing.infusion_rate`]" in l]
ok(proc.returncode == 0 and len(row) == 1 and row[0].startswith("| What intravenous infusion rate")
   and "| 0.5-2 mg/kg/h (grade C, low certainty) | 0.125-0.3 mg/kg/h (level II); 0.14-0.4 mg/kg/h (level IV) | — | "
   "0.1-0.5 mg/kg/h (ungraded) | 0.05-0.2 mg/kg/h (ungraded) |" in row[0],
   "medrule doc over several packs: one row per topic, each pack's answer in its own scale, a dash where it says "
   "nothing", proc.stdout[:3000])
proc = subprocess.run(doc + ["--format", "json"], capture_output=True, text=True)
d = json.loads(proc.stdout) if proc.returncode == 0 else {}
rate = [t for t in d.get("topics", []) if t["topic"] == "dosing.infusion_rate"]
ok(rate and rate[0]["packs"]["maher-2017"] == [{"position": "0.1-0.5 mg/kg/h", "evidence": "ungraded",
                                                "rule": "maher2017.dosing.infusion_rate"}]
   and rate[0]["packs"]["noppers-2010"] == [] and len(d["packs"]) == 5,
   "medrule doc --format json over several packs: the same table as data", proc.stdout[:2000])
sys.exit(1 if failed else 0)
