"""medrule serve over loopback (tests/serve/run.sh): discovery, each hook,
the page's API, JSON errors (400, 404, 405, 412, 413), and faults the server
must survive: a client that disconnects mid-request, an oversized chunked
body, a slow client, more connections than allowed; then SIGTERM."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

MEDRULE = sys.argv[1]
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
    return cond


def start(*args):
    """Starts the server on a free port; returns (process, port, stderr lines)."""
    proc = subprocess.Popen([MEDRULE, "serve", "--port", "0", *args], stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit("Bail out! no startup line: %r" % line)
    return proc, int(m.group(1)), line


def request(port, method, path, body=None, headers=None):
    """(status, headers, parsed JSON body or text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    conn.request(method, path, body=data, headers=headers or {"Content-Type": "application/json"})
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    ctype = resp.getheader("Content-Type", "")
    payload = json.loads(raw) if ctype.startswith("application/json") and raw else raw.decode()
    return resp.status, resp, payload


def is_error(payload, status):
    return isinstance(payload, dict) and payload.get("error", {}).get("status") == status and \
        isinstance(payload["error"].get("message"), str) and payload["error"]["message"]


proc, port, line = start("--workers", "2", "--max-body", "65536", "--timeout", "2", "--max-connections", "8")
ok(line.startswith("medrule serve: listening on http://127.0.0.1:"), "the startup line says where it listens", line)

# Discovery.
status, resp, disc = request(port, "GET", "/cds-services")
hooks = {s["hook"]: s for s in disc.get("services", [])} if isinstance(disc, dict) else {}
ok(status == 200 and set(hooks) == {"order-select", "order-sign", "patient-view"},
   "discovery lists order-select, order-sign and patient-view", disc)
ok(all(s["prefetch"].get("patient") == "Patient/{{context.patientId}}" and
       "Condition?patient={{context.patientId}}" in s["prefetch"].values() and
       "MedicationRequest?patient={{context.patientId}}" in s["prefetch"].values() and
       s["id"] and s["description"] for s in hooks.values()),
   "each service has an id, a description and prefetch templates for the patient, conditions, medications", disc)
ok(resp.getheader("Access-Control-Allow-Origin") == "*", "discovery allows a browser client on another origin")

# A patient as a CDS client sends it: prefetch resources and the draft order.
PREFETCH = json.load(open("tests/serve/prefetch.json"))
ORDER = json.load(open("tests/serve/draft-order.json"))


def hook_request(hook, prefetch=PREFETCH, **extra):
    ctx = {"userId": "Practitioner/p1", "patientId": "p-serve-1"}
    if hook != "patient-view":
        ctx["draftOrders"] = ORDER
    body = {"hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "hook": hook,
            "fhirServer": "https://ehr.example.org/fhir", "context": ctx, "prefetch": prefetch}
    body.update(extra)
    return body


def check_cards(hook, cards):
    """The cards contract §7 asks for; returns a failure message or ''."""
    if not isinstance(cards, list) or not cards:
        return "no cards"
    first = cards[0].get("extension", {})
    if "medrule.disposition" not in first:
        return "the first card is not the disposition"
    for c in cards:
        if len(c.get("summary", "")) >= 140:
            return "summary of 140 characters or more: %r" % c["summary"]
        if c.get("indicator") not in ("info", "warning", "critical"):
            return "bad indicator %r" % c.get("indicator")
        if not c.get("source", {}).get("label"):
            return "a card without source.label"
        ext = c.get("extension", {})
        if "medrule.rule" in ext:
            want = {"stop": "critical", "caution": "warning", "none": "info"}[ext["medrule.effect"]]
            if c["indicator"] != want:
                return "indicator %s for effect %s" % (c["indicator"], ext["medrule.effect"])
            if not all(k in ext for k in ("medrule.grade", "medrule.certainty", "medrule.scale")):
                return "a recommendation card without grade, certainty and scale in its extension"
            if "Cohen 2018" not in c["source"]["label"]:
                return "a recommendation card whose source does not cite the guideline: %r" % c["source"]
    return ""


results = {}
for hook, svc in sorted(hooks.items()):
    status, resp, body = request(port, "POST", "/cds-services/" + svc["id"], hook_request(hook))
    cards = body.get("cards") if isinstance(body, dict) else None
    results[hook] = cards
    ok(status == 200 and check_cards(hook, cards) == "", "%s answers cards as contract §7 says" % hook,
       check_cards(hook, cards) or body)
cards = results.get("order-sign") or []
missing = [c for c in cards if "medrule.missing_facts" in c.get("extension", {})]
ok(len(missing) == 1 and "site.monitored" in missing[0]["extension"]["medrule.missing_facts"],
   "with site and staff unknown, a card says to collect them", cards)
ok(any(c.get("extension", {}).get("medrule.rule", "").startswith("asra2018.indication.crps") for c in cards),
   "the patient's CRPS condition reached the rules (a recommendation card for it)", cards)

# The same cards as `medrule check --input fhir --format cards` on the assembled bundle.
def resources(v):
    return [e["resource"] for e in v.get("entry", []) if "resource" in e] if v["resourceType"] == "Bundle" else [v]


stamps = [v["timestamp"] for v in PREFETCH.values() if v and v["resourceType"] == "Bundle" and "timestamp" in v]
assembled = {"resourceType": "Bundle", "type": "collection", "timestamp": stamps[0],
             "entry": [{"resource": r} for v in list(PREFETCH.values()) + [ORDER] if v for r in resources(v)]}
cli = subprocess.run([MEDRULE, "check", "--input", "fhir", "--format", "cards", "-"],
                     input=json.dumps(assembled), capture_output=True, text=True)
try:
    cli_cards = json.loads(cli.stdout)["cards"]
except ValueError:
    cli_cards = cli.stdout + cli.stderr
ok(cli_cards == results.get("order-sign"), "the service's cards are the command line's for the same bundle",
   "%r\n%r" % (cli_cards, results.get("order-sign")))

# With a site profile, site and staff facts are known.
site_proc, site_port, _ = start("--site", "tests/serve/site.json")
status, _, body = request(site_port, "POST", "/cds-services/medrule-order-sign", hook_request("order-sign"))
facts = [f for c in body.get("cards", []) for f in c.get("extension", {}).get("medrule.missing_facts", [])]
ok(status == 200 and "site.monitored" not in facts, "--site fills site and staff facts", body)
site_proc.terminate()
site_proc.wait(10)

# Errors: JSON bodies with the right status.
sid = hooks["patient-view"]["id"]
status, _, body = request(port, "POST", "/cds-services/" + sid, b'{"hook": "patient-view",')
ok(status == 400 and is_error(body, 400) and "line 1" in body["error"]["message"], "malformed JSON: 400 saying where",
   body)
status, _, body = request(port, "POST", "/cds-services/" + sid, hook_request("order-sign"))
ok(status == 400 and "patient-view" in is_error(body, 400), "the wrong hook for the service: 400", body)
no_ctx = hook_request("patient-view")
del no_ctx["context"]
status, _, body = request(port, "POST", "/cds-services/" + sid, no_ctx)
ok(status == 400 and "context" in is_error(body, 400), "no context: 400", body)
status, _, body = request(port, "POST", "/cds-services/" + hooks["order-sign"]["id"],
                          hook_request("order-sign", context={"patientId": "p"}))
ok(status == 400 and "draftOrders" in is_error(body, 400), "order-sign without draftOrders: 400", body)
status, _, body = request(port, "POST", "/cds-services/" + sid, hook_request("patient-view", prefetch={"x": [1]}))
ok(status == 400 and "resourceType" in is_error(body, 400), "a prefetch value that is not a resource: 400", body)
heavy = json.loads(json.dumps(PREFETCH))
heavy["observations"]["entry"][0]["resource"]["valueQuantity"].update(value=900)
status, _, body = request(port, "POST", "/cds-services/" + sid, hook_request("patient-view", prefetch=heavy))
ok(status == 400 and "prefetch data" in is_error(body, 400) and "patient.weight" in body["error"]["message"],
   "prefetch data the mapping rejects (a weight of 900 kg): 400 saying which fact", body)
status, _, body = request(port, "POST", "/cds-services/" + sid, hook_request("patient-view", prefetch=None))
ok(status == 412 and is_error(body, 412), "no prefetch: 412 (the service does not query the FHIR server)", body)
status, _, body = request(port, "POST", "/cds-services/no-such-service", hook_request("patient-view"))
ok(status == 404 and is_error(body, 404), "an unknown service: 404", body)
status, resp, body = request(port, "GET", "/cds-services/" + sid)
ok(status == 405 and is_error(body, 405) and "POST" in resp.getheader("Allow", ""), "GET on a service: 405 with Allow",
   body)
status, resp, body = request(port, "DELETE", "/cds-services")
ok(status == 405 and "GET" in resp.getheader("Allow", ""), "DELETE on discovery: 405 with Allow", body)
status, _, body = request(port, "GET", "/no/such/page")
ok(status == 404 and is_error(body, 404), "an unknown path: 404", body)
status, _, body = request(port, "POST", "/cds-services/" + sid, b"x" * 70000)
ok(status == 413 and is_error(body, 413), "a body over --max-body (Content-Length): 413", body)


def raw(data, read=True, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    out = b""
    if read:
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        except socket.timeout:
            pass
    s.close()
    return out


chunk = b"%x\r\n%s\r\n" % (16384, b"y" * 16384)
reply = raw(b"POST /cds-services/%s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            % sid.encode() + chunk * 5 + b"0\r\n\r\n")
ok(reply.startswith(b"HTTP/1.1 413"), "a chunked body over --max-body: 413", reply[:200])

big = raw(b"GET /cds-services HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")
ok(big.startswith(b"HTTP/1.1 431"), "headers over the memory limit: 431", big[:100])
raw(b"NOT HTTP AT ALL\r\n\r\n\x00\xff" * 100)
ok(request(port, "GET", "/cds-services")[0] == 200, "bytes that are not HTTP do not hurt the server")

# The page's API.
patient = json.load(open("examples/patients/crps-healthy.json"))
status, _, body = request(port, "POST", "/api/check", patient)
want = json.loads(subprocess.run([MEDRULE, "check", "--format", "json", "examples/patients/crps-healthy.json"],
                                 capture_output=True, text=True).stdout)
want["patient"]["source"] = "request"
ok(status == 200 and body == want, "/api/check gives the result of medrule check", body)
status, _, body = request(port, "POST", "/api/check", {"patient": {"wieght": "70 kg"}})
ok(status == 400 and "patient.weight" in is_error(body, 400) and body["error"]["errors"],
   "/api/check on a bad fact file: 400 listing the errors", body)
status, resp, page = request(port, "GET", "/")
ok(status == 200 and resp.getheader("Content-Type").startswith("text/html") and "<html" in page, "GET / is the page")
status, _, voc = request(port, "GET", "/api/vocabulary")
ok(status == 200 and any(f["name"] == "patient.weight" for f in voc["facts"]), "/api/vocabulary lists the facts")

# Faults.  A client that sends half a body and goes away.
for _ in range(5):
    raw(b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"patient\":", read=False)
status, _, _ = request(port, "GET", "/cds-services")
ok(status == 200, "clients that disconnect mid-request do not hurt the server")

# A slow client: half a request line, then nothing.  It is closed after
# --timeout; meanwhile others are served.
slow = socket.create_connection(("127.0.0.1", port), timeout=15)
slow.sendall(b"POST /api/check HTTP/1.1\r\nHo")
t0 = time.monotonic()
status, _, _ = request(port, "GET", "/cds-services")
served = time.monotonic() - t0
try:
    closed = slow.recv(100) == b""
except (ConnectionResetError, socket.timeout):
    closed = True
waited = time.monotonic() - t0
slow.close()
ok(status == 200 and served < 1.5, "others are served while a slow client dawdles")
ok(closed and waited < 8, "the slow client is cut off after --timeout (%.1f s)" % waited)

# More connections than --max-connections: the extra one is not served
# while the others hold their places (it waits in the listen queue), and is
# served once they go.
idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(8)]
time.sleep(0.3)
extra = socket.create_connection(("127.0.0.1", port), timeout=1)
extra.sendall(b"GET /cds-services HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
try:
    early = extra.recv(100)
except socket.timeout:
    early = b""
ok(early == b"", "a connection past --max-connections is not served while the limit is reached", early)
for s in idle:
    s.close()
extra.settimeout(5)
late = b""
try:
    while True:
        chunk = extra.recv(65536)
        if not chunk:
            break
        late += chunk
except socket.timeout:
    pass
extra.close()
ok(late.startswith(b"HTTP/1.1 200"), "it is served once the others close", late[:100])

# Several clients at once, one pack: the same bytes for the same patient.
answers = []


def client():
    for _ in range(15):
        answers.append(request(port, "POST", "/api/check", patient)[2])


threads = [threading.Thread(target=client) for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
ok(len(answers) == 90 and all(a == answers[0] for a in answers) and answers[0] == want,
   "6 clients at once get the same result")

# SIGTERM: a clean stop.
proc.send_signal(signal.SIGTERM)
try:
    rc = proc.wait(10)
except subprocess.TimeoutExpired:
    proc.kill()
    rc = "hung"
rest = proc.stderr.read()
ok(rc == 0 and "stopped (SIGTERM)" in rest, "SIGTERM stops it cleanly, exit 0", "%r %r" % (rc, rest))

# Usage errors.
for args, code, why in [(["--port", "70000"], 2, "a port out of range"), (["--bind", "nowhere"], 2, "a bad address"),
                        (["--site", "examples/patients/crps-healthy.json"], 1, "a site profile with patient facts"),
                        (["--pack", "/nonexistent"], 1, "no pack")]:
    p = subprocess.run([MEDRULE, "serve", *args], capture_output=True, text=True, timeout=10)
    ok(p.returncode == code and p.stderr.startswith("medrule: "), "%s: exit %d with a message" % (why, code),
       p.stderr)
busy = socket.socket()
busy.bind(("127.0.0.1", 0))
busy.listen(1)
p = subprocess.run([MEDRULE, "serve", "--port", str(busy.getsockname()[1])], capture_output=True, text=True,
                   timeout=10)
busy.close()
ok(p.returncode == 1 and "cannot listen" in p.stderr, "a port in use: exit 1 saying so", p.stderr)

# libmicrohttpd is loaded when serve starts (cli/mhd_load.c), not by every
# command: the program does not name it, and a missing one is a message.
needed = subprocess.run(["objdump", "-p", MEDRULE], capture_output=True, text=True).stdout
ok("NEEDED" in needed and "libmicrohttpd" not in needed, "the program does not load libmicrohttpd before serve",
   needed)
with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "load.c")
    with open(src, "w") as f:
        f.write('#include <stdio.h>\n#include "mhd_load.h"\n'
                'int main(void) { char why[512]; if (mhd_load(why, sizeof why)) return 0; puts(why); return 1; }\n')
    exe = os.path.join(tmp, "load")
    built = subprocess.run(["cc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-Icli", "-DMHD_SONAME=\"libmicrohttpd.so.0-absent\"",
                            "-o", exe, src, "cli/mhd_load.c"], capture_output=True, text=True)
    p = subprocess.run([exe], capture_output=True, text=True) if built.returncode == 0 else None
    ok(p is not None and p.returncode == 1 and
       p.stdout.startswith("cannot load libmicrohttpd.so.0-absent, which medrule serve needs: "),
       "a libmicrohttpd that cannot be loaded: serve says which and why", built.stderr + (p.stdout if p else ""))

print("1..%d" % n)
sys.exit(1 if failed else 0)
