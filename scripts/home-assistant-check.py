#!/usr/bin/env python3
"""The long Home Assistant check: `wakegate run --realtime` on a whole dev-corpus stream (8 minutes of household talk
with wake phrases) against Home Assistant's own satellite loop (src/test/python/ha_satellite.py) on each version of
the upstream Wyoming library in ../shared/peers, side by side, while the user sets timers, gets announcements and
mutes, the network cuts Home Assistant off, and peers on the LAN attack (src/test/python/wyoming_attackers.py).
CI runs the same on a 48 s excerpt (HomeAssistantLoopTest, LanAttacksTest); this is the full-length version.

  JAVA=/path/to/java21+ scripts/home-assistant-check.py [--voice flite_slt] [--jar target/wakegate.jar] [--no-attacks]

Prints one line per library version and exits non-zero if any check fails:
  labelled wake phrases, confirmed sessions, pipelines (must equal the sessions, each with the session's bytes),
  Home Assistant's errors apart from the cuts and "unexpected event" lines (must be 0), timers rung and silenced,
  announcements played, seconds to be back after each cut (must be <= 5), audio bytes at the attackers (must be 0).
"""
import argparse, json, os, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")
PY = os.path.join(ROOT, "src", "test", "python")
VERSIONS = ["wyoming-1.7.0", "wyoming-1.9"]


def java():
    """$JAVA, else $JAVA_HOME's java, else the one on the PATH (it must be 21 or newer)."""
    if os.environ.get("JAVA"):
        return os.environ["JAVA"]
    if os.environ.get("JAVA_HOME"):
        return os.path.join(os.environ["JAVA_HOME"], "bin", "java")
    return "java"


def labels(voice):
    with open(os.path.join(SHARED, "corpus", "dev", voice, "stream.labels.tsv")) as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    return [float(r[0]) for r in rows if len(r) == 4]  # wake phrase and its command; the others are near misses


def reader(stream, into, on_first=None):
    for line in stream:
        line = line.decode(errors="replace").strip()
        if not line.startswith("{"):
            continue
        event = json.loads(line)
        if on_first:
            on_first(event)
        into.append(event)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, seconds=30):
    import socket
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"wakegate did not listen on {port}")


def schedule(phrases, length):
    """User actions in audio time, kept away from wake phrases (a ring or a cut must not meet one)."""
    def clear(t, before=3.0, after=11.0):
        return all(not (p - before < t < p + after) for p in phrases)

    actions, t = [], 20.0
    kinds = ["announce 1.0", "timer 3 pasta", "drop", "mute", "announce 2.0", "timer 3 tea", "drop"]
    k = 0
    while t < length - 30:
        span = 12.0 if kinds[k % len(kinds)].startswith(("mute", "timer")) else 6.0
        kind = kinds[k % len(kinds)]
        rung_off = not kind.startswith("timer") or any(t + 6 < p < t + 70 for p in phrases)  # a wake phrase will silence it
        if rung_off and all(clear(t + d) for d in range(0, int(span))):
            actions.append((t, kind))
            if kind == "mute":
                actions.append((t + 2.0, "unmute"))
            k += 1
            t += 25.0
        else:
            t += 1.0
    actions.append((length - 4.0, "stop"))
    return actions


class Run:
    def __init__(self, version, args, wav, template, workdir, actions, attacks):
        self.version, self.gate, self.ha, self.attackers = version, [], [], []
        self.zero = None
        port = free_port()
        env = dict(os.environ, PYTHONPATH=os.path.join(SHARED, "peers", version), PYTHONDONTWRITEBYTECODE="1")
        self.wakegate = subprocess.Popen([java(), "-jar", args.jar, "run", "--input", wav, "--realtime", "--model", template,
                                          "--gpio", "mock", "--uplink", f"wyoming://127.0.0.1:{port}", "--no-zeroconf",
                                          "--allow", "none", "--home-assistant", "127.0.0.1", "--events-json",
                                          "--audit-log", os.path.join(workdir, f"audit-{version}.jsonl"),
                                          "--play-command", f"python3 {PY}/realtime_sink.py {{rate}} {{channels}}"],
                                         stdout=subprocess.PIPE, stderr=open(os.path.join(workdir, f"wakegate-{version}.log"), "w"))
        threading.Thread(target=reader, args=(self.wakegate.stdout, self.gate, self.clock), daemon=True).start()
        wait_listening(port)
        self.driver = subprocess.Popen(["python3", "-u", f"{PY}/ha_satellite.py", "127.0.0.1", str(port)], env=env,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=open(os.path.join(workdir, f"ha-{version}.log"), "w"))
        threading.Thread(target=reader, args=(self.driver.stdout, self.ha), daemon=True).start()
        self.attacking = None
        threading.Thread(target=self.user, args=(port, env, actions, attacks, workdir), daemon=True).start()

    def clock(self, event):
        if self.zero is None and event.get("type") == "stream-start":
            self.zero = time.monotonic() - event["t"]

    def user(self, port, env, actions, attacks, workdir):
        while self.zero is None:
            time.sleep(0.02)
        if attacks:
            now = time.monotonic() - self.zero
            specs = [f"{a}:{max(0.0, s - now):.2f}:{e - max(now, s):.2f}" for a, s, e in attacks]
            self.attacking = subprocess.Popen(["python3", "-u", f"{PY}/wyoming_attackers.py", "127.0.0.1", str(port)] + specs,
                                              env=env, stdout=subprocess.PIPE,
                                              stderr=open(os.path.join(workdir, f"attackers-{self.version}.log"), "w"))
            threading.Thread(target=reader, args=(self.attacking.stdout, self.attackers), daemon=True).start()
        for at, command in actions:
            wait = self.zero + at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                self.driver.stdin.write((command + "\n").encode())
                self.driver.stdin.flush()
            except BrokenPipeError:
                return

    def finish(self, seconds):
        self.wakegate.wait(seconds)
        self.driver.wait(30)
        if self.attacking:
            self.attacking.wait(60)
        time.sleep(0.3)

    def report(self, phrases):
        of = lambda events, kind: [e for e in events if e.get("type") == kind or e.get("event") == kind]
        starts, ends, pipes = of(self.gate, "stream-start"), of(self.gate, "stream-end"), of(self.ha, "pipeline-audio")
        bytes_match = len(ends) == len(pipes) and all(e["bytes"] == p["audio_bytes"] for e, p in zip(ends, pipes))
        drops = of(self.ha, "drop")
        errors = [e for e in of(self.ha, "error") if not any(abs(e["t"] - d["t"]) < 0.5 for d in drops)]
        back = [round(next((i["t"] for i in of(self.ha, "info") if i["t"] > d["t"]), float("inf")) - d["t"], 2) for d in drops]
        timers = [t["change"] for t in of(self.gate, "timer")]
        announced = [a.get("played") for a in of(self.ha, "announce")]
        stolen = sum(a.get("audio_bytes", 0) for a in self.attackers if "attack" in a)
        attacks = {a["attack"]: a["connects"] for a in self.attackers if "attack" in a}
        ok = (bytes_match and len(starts) == len(pipes) and not errors and not of(self.ha, "unexpected")
              and all(b <= 5.0 for b in back) and stolen == 0 and all(announced)
              and timers.count("ringing") == timers.count("silenced") and self.wakegate.returncode == 0)
        print(f"{self.version}: {'OK' if ok else 'FAIL'}  wake phrases {len(phrases)}, sessions {len(starts)}, "
              f"pipelines {len(pipes)} (bytes {'equal' if bytes_match else 'DIFFER'}), HA errors apart from the cuts {len(errors)}, "
              f"unexpected {len(of(self.ha, 'unexpected'))}, timers rang {timers.count('ringing')} silenced {timers.count('silenced')}, "
              f"announcements played {sum(1 for a in announced if a)}/{len(announced)}, back after cuts {back} s, "
              f"attacker connects {attacks}, audio bytes at attackers {stolen}", flush=True)
        for e in errors + of(self.ha, "unexpected"):
            print(f"  {self.version}: {e}")
        return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voice", default="flite_slt")
    parser.add_argument("--jar", default=os.path.join(ROOT, "target", "wakegate.jar"))
    parser.add_argument("--no-attacks", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.jar):
        sys.exit(f"{args.jar} is missing. Fix: ./mvnw -q -B -DskipTests package")
    wav = os.path.join(SHARED, "corpus", "dev", args.voice, "stream.wav")
    phrases = labels(args.voice)
    length = float(subprocess.run(["python3", "-c", f"import wave;w=wave.open('{wav}');print(w.getnframes()/w.getframerate())"],
                                  capture_output=True, text=True, check=True).stdout)
    workdir = tempfile.mkdtemp(prefix="wakegate-ha-check-")
    template = os.path.join(workdir, "hey-computer.json")
    enroll = os.path.join(SHARED, "corpus", "dev", args.voice, "enroll")
    subprocess.run([java(), "-jar", args.jar, "enroll", "--name", "hey-computer", "--out", template]
                   + [os.path.join(enroll, f"{i}.wav") for i in (1, 2, 3)], check=True, stdout=subprocess.DEVNULL)
    actions = schedule(phrases, length)
    attacks = [] if args.no_attacks else [("silent", 5, length - 10), ("trickle", 5, length - 10),
                                          ("idle500", 100, 130), ("flood2000", 250, 270)]
    print(f"{args.voice}: {length:.0f} s, {len(phrases)} labelled wake phrases; user actions (audio s): "
          + ", ".join(f"{t:.0f} {c}" for t, c in actions) + f"; logs in {workdir}", flush=True)
    runs = [Run(v, args, wav, template, workdir, actions, attacks) for v in VERSIONS]
    for r in runs:
        r.finish(length + 60)
    results = [r.report(phrases) for r in runs]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
