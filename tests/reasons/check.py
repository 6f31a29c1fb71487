"""Checks disposition reasons against the contract on every golden patient (see run.sh)."""
import glob, json, os, re, subprocess, sys

medrule, packs = sys.argv[1], sys.argv[2:]
tests = []


def run(args, stdin):
    p = subprocess.run([medrule] + args, input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def expected_reasons(result, effects):
    """The contract's reading of a result: which rules set its disposition."""
    fired = [r["id"] for r in result["recommendations"]]
    unknown = [u["rule"] for u in result["unknown"]]
    stops = [i for i in fired if effects[i] == "stop"]
    if stops:
        return "do_not_proceed", [(i, "fired", "stop") for i in stops]
    ustops = [i for i in unknown if effects[i] == "stop"]
    if ustops:
        return "insufficient_data", [(i, "unknown", "stop") for i in ustops]
    cautions = [i for i in fired if effects[i] == "caution"]
    if cautions:
        return "proceed_with_caution", [(i, "fired", "caution") for i in cautions]
    return "proceed", []


def words(s):
    return re.sub(r"\s+", " ", s).strip()


for pack in packs:
    _, doc, _ = run(["doc", "--format", "json", pack], None)
    rules = {r["id"]: r for r in json.loads(doc)["rules"]}
    effects = {i: r["effect"] for i, r in rules.items()}
    order = list(rules)
    cases = []
    for f in sorted(glob.glob(os.path.join(pack, "tests", "*.json"))):
        for c in json.load(open(f)):
            if "error" not in c.get("expect", {}):
                cases.append((f"{os.path.basename(f)}: {c.get('name')}", json.dumps(c["facts"])))
    problems = {"json": [], "text": [], "cards": []}
    for name, facts in cases:
        _, out, err = run(["check", "--pack", pack, "--format", "json", "-"], facts)
        res = json.loads(out)
        disp, want = expected_reasons(res, effects)
        got = [(r["rule"], r["state"], r["effect"]) for r in res["disposition_reasons"]]
        if res["disposition"] != disp or got != want:
            problems["json"].append(f"{name}: {res['disposition']} {got}, contract says {disp} {want}")
        if [g[0] for g in got] != sorted((g[0] for g in got), key=order.index):
            problems["json"].append(f"{name}: reasons not in declaration order")
        for r in res["recommendations"]:
            if r.get("effect") != effects[r["id"]]:
                problems["json"].append(f"{name}: {r['id']} has effect {r.get('effect')}, rule says {effects[r['id']]}")
        # text: each reason's text in the block under "Disposition:", before the first category
        _, text, _ = run(["check", "--pack", pack, "--format", "text", "-"], facts)
        head = words(text.split("\n\n")[0])
        for rule, state, effect in got:
            if words(rules[rule]["text"]) not in head:
                problems["text"].append(f"{name}: reason {rule} not shown under the disposition")
            tag = ("STOP" if effect == "stop" else "CAUTION") + ("?" if state == "unknown" else "")
            if tag not in head:
                problems["text"].append(f"{name}: no {tag} margin for {rule}")
        if not got and head.count("STOP") + head.count("CAUTION"):
            problems["text"].append(f"{name}: a margin under a disposition without reasons")
        # cards: the disposition card first, with the same reasons; effects on every card
        _, cards, _ = run(["check", "--pack", pack, "--format", "cards", "-"], facts)
        cs = json.loads(cards)["cards"]
        ext = cs[0]["extension"]
        if ext.get("medrule.disposition") != res["disposition"] or \
           [(r["rule"], r["state"], r["effect"]) for r in ext.get("medrule.disposition_reasons", [])] != got:
            problems["cards"].append(f"{name}: the disposition card does not carry the reasons")
        for r in got:
            if r[1] == "fired" and words(rules[r[0]]["text"]) not in words(cs[0]["detail"]):
                problems["cards"].append(f"{name}: reason {r[0]} not in the disposition card's detail")
        for c in cs[1:]:
            rid = c["extension"].get("medrule.rule")
            if rid and c["extension"].get("medrule.effect") != effects[rid]:
                problems["cards"].append(f"{name}: card {rid} has effect {c['extension'].get('medrule.effect')}")
            want_ind = {"stop": "critical", "caution": "warning", "none": "info"}[effects[rid]] if rid else None
            if rid and c["indicator"] != want_ind:
                problems["cards"].append(f"{name}: card {rid} indicator {c['indicator']}, want {want_ind}")
    for fmt in ("json", "text", "cards"):
        tests.append((f"{pack}: {len(cases)} golden patients, {fmt}: reasons are exactly the contract's",
                      problems[fmt]))

print(f"1..{len(tests)}")
bad = 0
for i, (name, probs) in enumerate(tests, 1):
    if probs:
        bad += 1
        print(f"not ok {i} - {name}")
        for p in probs[:15]:
            print(f"# {p}")
    else:
        print(f"ok {i} - {name}")
sys.exit(1 if bad else 0)
