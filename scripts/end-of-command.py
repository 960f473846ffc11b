#!/usr/bin/env python3
"""How long a session streams after the command ends: runs `wakegate run` on corpus streams (household talk with wake
phrases, labelled) against a receiver on 127.0.0.1 and reports, per confirmed wake phrase, the seconds streamed after
the labelled end of its command, and whether any labelled command was cut short.

  scripts/end-of-command.py [--uplink http|wyoming] [--run-args '...'] [--jar target/wakegate.jar] [VOICE_DIR ...]

VOICE_DIR: folders made by ../shared/corpus/make-corpus.sh (enroll/1-3.wav, stream.wav, stream.labels.tsv); default:
the three voices of ../shared/corpus/dev. With --uplink wyoming the receiver is a satellite peer built on the upstream
Wyoming library (../shared/peers/wyoming-1.9) that, like Home Assistant, runs its own end-of-speech detection and
sends voice-stopped after 0.7 s below its speech threshold (Home Assistant's default VAD silence).
"""
import argparse, glob, http.server, json, os, socket, statistics, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("WAKEGATE_SHARED", os.path.join(HERE, "..", "shared"))


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        n = 0
        while True:
            line = self.rfile.readline()
            if not line:
                return
            size = int(line.strip().split(b";")[0] or b"0", 16)
            if size == 0:
                self.rfile.readline()
                break
            n += len(self.rfile.read(size))
            self.rfile.readline()
        body = json.dumps({"transcript": f"{n} bytes"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def wyoming_peer(port, stop):
    """A Home Assistant stand-in: run-satellite, then per pipeline an energy VAD that sends voice-stopped after 0.7 s."""
    sys.path.insert(0, os.path.join(SHARED, "peers", "wyoming-1.9"))
    from wyoming.event import async_read_event, async_write_event  # noqa: F401  (import check)
    from wyoming.event import read_event, write_event
    from wyoming.satellite import RunSatellite
    from wyoming.audio import AudioChunk, AudioStart, AudioStop
    from wyoming.ping import Ping, Pong
    from wyoming.vad import VoiceStarted, VoiceStopped
    from wyoming.asr import Transcript
    import array, math
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            time.sleep(0.05)
            continue
        s.settimeout(None)
        f = s.makefile("rwb")
        write_event(RunSatellite().event(), f)
        f.flush()
        speaking, silence, peak, stopped = False, 0.0, -120.0, False
        try:
            while not stop.is_set():
                e = read_event(f)
                if e is None:
                    break
                if Ping.is_type(e.type):
                    write_event(Pong().event(), f)
                    f.flush()
                elif AudioStart.is_type(e.type):
                    speaking, silence, peak, stopped = False, 0.0, -120.0, False
                elif AudioChunk.is_type(e.type) and not stopped:
                    pcm = array.array("h", e.payload)
                    for i in range(0, len(pcm), 480):  # 30 ms windows
                        w = pcm[i:i + 480]
                        if not w:
                            continue
                        db = 10 * math.log10(max(1e-12, sum(x * x for x in w) / len(w) / 32768.0 ** 2))
                        peak = max(peak, db)
                        voiced = db > max(-50.0, peak - 25.0)
                        if voiced:
                            speaking, silence = True, 0.0
                            continue
                        silence += len(w) / 16000.0
                        if speaking and silence >= 0.7:
                            stopped = True
                            write_event(VoiceStopped().event(), f)
                            write_event(Transcript(text="(heard)").event(), f)
                            f.flush()
                            break
                elif AudioStop.is_type(e.type) and not stopped:
                    stopped = True
                    write_event(Transcript(text="(heard)").event(), f)
                    f.flush()
        except OSError:
            pass
        finally:
            s.close()


def labels(voice_dir):
    wakes = []
    for line in open(os.path.join(voice_dir, "stream.labels.tsv")):
        p = line.rstrip("\n").split("\t")
        if len(p) == 4:
            wakes.append(tuple(float(x) for x in p))
    return wakes


def wakegate(jar, args):
    p = subprocess.run([os.environ.get("JAVA", "java"), "-jar", jar] + args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"end-of-command: wakegate {args[0]} failed ({p.returncode}):\n{p.stderr[-1500:]}")
    return p.stdout


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def measure(jar, voice_dir, tmp, mode, extra):
    model = os.path.join(tmp, os.path.basename(voice_dir.rstrip("/")) + ".json")
    if not os.path.exists(model):
        wakegate(jar, ["enroll", "--name", "hey-computer", "--out", model, "--no-embeddings"]
                 + [os.path.join(voice_dir, "enroll", f"{i}.wav") for i in (1, 2, 3)])
    stop = threading.Event()
    if mode == "http":
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        uplink = f"http://127.0.0.1:{server.server_port}/"
    else:
        port = free_port()
        uplink = f"wyoming://127.0.0.1:{port}"
        threading.Thread(target=wyoming_peer, args=(port, stop), daemon=True).start()
    try:
        out = wakegate(jar, ["run", "--input", os.path.join(voice_dir, "stream.wav"), "--model", model, "--gpio", "mock",
                             "--uplink", uplink, "--events-json", "--audit-log", os.path.join(tmp, "audit.jsonl")]
                       + (["--no-zeroconf"] if mode == "wyoming" else []) + extra)
    finally:
        stop.set()
        if mode == "http":
            server.shutdown()
    events = [json.loads(l) for l in out.splitlines() if l.strip()]
    starts = {e["session"]: e for e in events if e["type"] == "stream-start"}
    ends = {e["session"]: e for e in events if e["type"] == "stream-end"}
    rows = []
    for sid, s in starts.items():
        e = ends.get(sid)
        if e is None:
            continue
        first, end = s["first_sample_t"], s["first_sample_t"] + e["seconds"]
        wake = next((w for w in labels(voice_dir) if w[1] - 0.3 <= first <= w[1] + 0.6), None)
        rows.append(dict(voice=os.path.basename(voice_dir.rstrip("/")), session=sid, reason=e["reason"], detail=e.get("detail", ""), first=first, end=end,
                         wake=wake, after=None if wake is None else end - wake[3], cut=None if wake is None else end < wake[3] - 0.01))
    return rows


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(q * (len(xs) - 1)))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("voices", nargs="*")
    ap.add_argument("--jar", default=os.path.join(HERE, "target", "wakegate.jar"))
    ap.add_argument("--uplink", choices=["http", "wyoming"], default="http")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--run-args", default="", help="more options for wakegate run, e.g. '--end-silence 1.5'")
    a = ap.parse_args()
    voices = a.voices or sorted(glob.glob(os.path.join(SHARED, "corpus", "dev", "*", "")))
    with tempfile.TemporaryDirectory() as tmp:
        rows = [r for v in voices for r in measure(a.jar, v, tmp, a.uplink, a.run_args.split())]
    labelled = [r for r in rows if r["wake"] is not None]
    other = [r for r in rows if r["wake"] is None]
    if a.verbose:
        for r in rows:
            print(f"  {r['voice']:<18} session {r['session']:>3} {r['reason']:<18} streamed {r['end'] - r['first']:5.2f} s ({r['detail']})"
                  + ("" if r["wake"] is None else f", {r['after']:+.2f} s after the command" + (" CUT SHORT" if r["cut"] else "")))
    after = [max(0.0, r["after"]) for r in labelled]
    streamed = sum(r["end"] - r["first"] for r in labelled)
    beyond = sum(after)
    print(f"end of command, {a.uplink} uplink{' ' + a.run_args if a.run_args else ''}, {len(voices)} stream(s): {len(labelled)} sessions on labelled wake phrases"
          f" ({len(other)} others, e.g. near misses)")
    if labelled:
        print(f"  streamed after the labelled command end: median {statistics.median(after):.2f} s, 90th percentile {pct(after, 0.9):.2f} s,"
              f" max {max(after):.2f} s; {100 * beyond / streamed:.0f} % of streamed audio ({beyond:.1f} of {streamed:.1f} s)")
        cut = [r for r in labelled if r["cut"]]
        print(f"  commands cut short: {len(cut)}" + ("" if not cut else " " + str([(r['voice'], round(r['after'], 2)) for r in cut])))
        reasons = {}
        for r in labelled:
            reasons[r["reason"]] = reasons.get(r["reason"], 0) + 1
        print(f"  stream ended by: {reasons}")


if __name__ == "__main__":
    main()
