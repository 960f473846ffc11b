#!/usr/bin/env python3
"""Checks that two builds of wakegate behave the same on ../shared: for a refactoring that must change nothing.

  scripts/same-behaviour.py capture OUT_DIR [--jar target/wakegate.jar]   # writes every output into OUT_DIR
  diff -r BEFORE_DIR AFTER_DIR                                             # the check

What is captured (templates are enrolled once, into OUT_DIR/../templates, and reused by later captures):
  - scan --json on every dev positive and stream, with the default engine, with --confirm template, and with
    --template-features embedding (when the feature models are in ../shared/models/openwakeword);
  - scan --json on ../shared/real/precise-community (athena, heycomputer, computer: first 3 takes enrolled, the rest
    and not-wake-words scanned);
  - run --events-json on the three dev streams, mock GPIO, against an HTTP receiver on 127.0.0.1, wall-clock
    fields dropped.
"""
import argparse, glob, http.server, json, os, subprocess, sys, threading

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOICES = ["espeak_en-us+m3", "flite_slt", "flite_kal16"]
REAL = ["athena-en", "heycomputer-en", "computer-en"]


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = 0
        while True:
            size = int(self.rfile.readline().strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                break
            n += len(self.rfile.read(size))
            self.rfile.readline()
        body = json.dumps({"transcript": f"{n} bytes"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def wakegate(jar, args):
    cmd = [os.environ.get("JAVA", "java"), "-jar", jar] + args
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"same-behaviour: {' '.join(args[:3])} … failed ({p.returncode}):\n{p.stderr[-1500:]}")
    return p.stdout


def enroll(jar, templates, shared):
    os.makedirs(templates, exist_ok=True)
    feats = os.path.join(shared, "models", "openwakeword")
    sets = {v: [os.path.join(shared, "corpus", "dev", v, "enroll", f"{i}.wav") for i in (1, 2, 3)] for v in VOICES}
    for r in REAL:
        sets[r] = sorted(glob.glob(os.path.join(shared, "real", "precise-community", r, "*.wav")))[:3]
    for name, takes in sets.items():
        out = os.path.join(templates, name + ".json")
        if not os.path.exists(out):
            wakegate(jar, ["enroll", "--name", name.replace("+", "-"), "--out", out, "--oww-features", feats] + takes)


def capture(jar, out, shared):
    templates = os.path.join(os.path.dirname(os.path.abspath(out)), "templates")
    enroll(jar, templates, shared)
    os.makedirs(out, exist_ok=True)
    feats = os.path.join(shared, "models", "openwakeword")
    modes = {"mfcc": [], "cascade": ["--confirm", "template"],
             "embedding": ["--template-features", "embedding", "--oww-features", feats]}
    for v in VOICES:
        vd = os.path.join(shared, "corpus", "dev", v)
        files = sorted(glob.glob(os.path.join(vd, "positives", "*.wav"))) + [os.path.join(vd, "stream.wav")]
        for mode, extra in modes.items():
            with open(os.path.join(out, f"scan-{v}-{mode}.jsonl"), "w") as f:
                f.write(wakegate(jar, ["scan", "--json", "--model", os.path.join(templates, v + ".json")] + extra + files))
    notwake = sorted(glob.glob(os.path.join(shared, "real", "precise-community", "not-wake-words-en", "*.wav")))
    for r in REAL:
        files = sorted(glob.glob(os.path.join(shared, "real", "precise-community", r, "*.wav")))[3:] + notwake
        for mode in ("mfcc", "embedding"):
            with open(os.path.join(out, f"scan-{r}-{mode}.jsonl"), "w") as f:
                f.write(wakegate(jar, ["scan", "--json", "--model", os.path.join(templates, r + ".json")] + modes[mode] + files))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for v in VOICES:
            vd = os.path.join(shared, "corpus", "dev", v)
            events = wakegate(jar, ["run", "--input", os.path.join(vd, "stream.wav"), "--model", os.path.join(templates, v + ".json"),
                                    "--gpio", "mock", "--uplink", f"http://127.0.0.1:{server.server_port}/", "--events-json",
                                    "--audit-log", os.path.join(out, "audit-" + v + ".jsonl")])
            with open(os.path.join(out, f"run-{v}.jsonl"), "w") as f:
                for line in events.splitlines():
                    e = json.loads(line)
                    e.pop("destination", None)  # the receiver's port
                    f.write(json.dumps(e, sort_keys=True) + "\n")
            audit = os.path.join(out, "audit-" + v + ".jsonl")
            with open(audit) as f:  # the time of day and the port differ from run to run
                rows = [json.loads(l) for l in f if l.strip()]
            with open(audit, "w") as f:
                for row in rows:
                    for k in ("time", "destination"):
                        row.pop(k, None)
                    f.write(json.dumps(row, sort_keys=True) + "\n")
    finally:
        server.shutdown()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["capture"])
    ap.add_argument("out")
    ap.add_argument("--jar", default=os.path.join(HERE, "target", "wakegate.jar"))
    ap.add_argument("--shared", default=os.environ.get("WAKEGATE_SHARED", os.path.join(HERE, "..", "shared")))
    a = ap.parse_args()
    capture(a.jar, a.out, a.shared)


if __name__ == "__main__":
    main()
