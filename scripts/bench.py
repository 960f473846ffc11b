#!/usr/bin/env python3
"""The template engine's benchmark: run by scripts/bench.sh. Every figure comes from running ./wakegate as a user would."""
import argparse, glob, json, os, re, shutil, statistics, subprocess, sys, tempfile, time, wave

import noisy_stream

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WAKEGATE = os.path.join(HERE, "wakegate")
VOICES = ["espeak_en-us+m3", "flite_slt", "flite_kal16"]
# --features: which template features enroll keeps and scan matches (set in main)
ENROLL_ARGS, SCAN_ARGS = [], ["--template-features", "auto"]


def stats_of_last(err):
    """Audio seconds and CPU seconds of the last file scan --stats reported (the second pass, steady state)."""
    c = re.findall(r"stats: .*?: ([\d.]+) s audio, ([\d.]+) s CPU", err)
    return float(c[-1][0]), float(c[-1][1])


def run(args, env=None, core=None):
    """Runs a command (pinned to one core if asked) under GNU time; returns stdout, stderr, cpu seconds, peak RSS (kB)."""
    cmd = (["taskset", "-c", str(core)] if core is not None else []) + ["/usr/bin/time", "-f", "TIME %U %S %M"] + args
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    m = re.search(r"TIME ([\d.]+) ([\d.]+) (\d+)", p.stderr)
    if p.returncode != 0 or not m:
        sys.exit(f"bench: {' '.join(args)} failed:\n{p.stderr[-2000:]}")
    return p.stdout, p.stderr, float(m.group(1)) + float(m.group(2)), int(m.group(3))


def scan(args, core=None):
    out, err, cpu, rss = run([WAKEGATE, "scan", "--json"] + SCAN_ARGS + args, core=core)
    return [json.loads(l) for l in out.splitlines() if l.strip()], err, cpu, rss


def tsv(path):
    with open(path) as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip()]


def overlap(d, start, end, tail=0.3):
    return d["end"] > start and d["start"] < end + tail


def pct(a, b):
    return f"{100.0 * a / b:5.1f} % ({a}/{b})" if b else "   n/a"


def dev_corpus(shared, tmp, confirm):
    return corpus_figures([os.path.join(shared, "corpus", "dev", v) for v in VOICES], tmp, confirm)


# A larger generated corpus: the dev corpus's generator with other seeds and six more voices, ~100 noisy positives
# per SNR instead of ~10, so that a change tuned on ../shared/corpus/dev can be checked on more audio than it.
GENERATED_VOICES = "espeak:en-us+m3,flite:slt,flite:kal16,espeak:en-us+f3,espeak:en-gb+m4,flite:rms,flite:awb,espeak:en-us+f2,espeak:en-us+m7"
GENERATED_SEEDS = (21, 22, 23)


def generated_corpus(shared, tmp):
    generator = os.path.join(shared, "corpus", "make-corpus.sh")
    dirs = []
    for seed in GENERATED_SEEDS:
        out = os.path.join(tmp, "generated", f"seed{seed}")
        p = subprocess.run(["bash", generator, "--out", out, "--voices", GENERATED_VOICES, "--seed", str(seed), "--minutes", "2",
                            "--reverb", "25", "--jobs", "2"], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"bench: make-corpus.sh failed. Fix: apt install espeak-ng flite sox\n{p.stderr[-2000:]}")
        dirs += sorted(os.path.join(out, d) for d in os.listdir(out) if os.path.isdir(os.path.join(out, d)))
    return dirs


def wav_seconds(path):
    with wave.open(path) as w:
        return w.getnframes() / w.getframerate()


def model_path(tmp, voice_dir):
    """Where the template enrolled from a voice's enroll/1-3.wav is kept for this run."""
    return os.path.join(tmp, voice_dir.strip("/").replace("/", "_") + ".json")


def corpus_figures(voice_dirs, tmp, confirm):
    levels = {"clean": [0, 0], "20 dB": [0, 0], "10 dB": [0, 0], "5 dB": [0, 0]}
    by_noise, others = {}, {}
    delays, wake_hits, wake_n, near_acc, near_n, ordinary_fa, stream_seconds = [], 0, 0, 0, 0, 0, 0.0
    near_by_text = {}
    for vd in voice_dirs:
        model = model_path(tmp, vd)
        if not os.path.exists(model):
            run([WAKEGATE, "enroll", "--name", "hey-computer", "--out", model] + ENROLL_ARGS + [os.path.join(vd, "enroll", f"{i}.wav") for i in (1, 2, 3)])
        extra = ["--confirm", "template"] if confirm else []
        labels = tsv(os.path.join(vd, "positives", "labels.tsv"))
        head, rows = labels[0], labels[1:]
        col = {k: i for i, k in enumerate(head)}
        files = [os.path.join(vd, "positives", r[0]) for r in rows]
        dets, _, _, _ = scan(["--model", model] + extra + files)
        for r in rows:
            f = os.path.join(vd, "positives", r[0])
            s, e = float(r[col["start"]]), float(r[col["end"]])
            noise, snr = r[col["noise"]], r[col["snr_db"]]
            level = "clean" if noise == "none" else f"{snr} dB"
            hit = [d for d in dets if d["file"] == f and overlap(d, s, e)]
            levels[level][1] += 1
            kind = by_noise.setdefault(f"{level} {noise}", [0, 0])
            kind[1] += 1
            if hit:
                levels[level][0] += 1
                kind[0] += 1
                delays.append(hit[0]["detected_at"] - e)
            outside = sum(1 for d in dets if d["file"] == f and not overlap(d, s, e))
            if outside and noise != "none":
                others[noise] = others.get(noise, 0) + outside
        sdets, _, _, _ = scan(["--model", model] + extra + [os.path.join(vd, "stream.wav")])
        segs = tsv(os.path.join(vd, "stream.segments.tsv"))
        stream_seconds += wav_seconds(os.path.join(vd, "stream.wav"))
        hit_wakes = set()
        for d in sdets:
            best, ov = None, 0.0
            for i, sg in enumerate(segs):
                o = min(float(sg[1]), d["end"]) - max(float(sg[0]), d["start"])
                if o > ov:
                    best, ov = i, o
            kind = segs[best][2] if best is not None else "none"
            if kind == "wake":
                if best not in hit_wakes:
                    delays.append(d["detected_at"] - float(segs[best][1]))
                hit_wakes.add(best)
            elif kind == "near":
                near_acc += 1
                near_by_text[segs[best][3]] = near_by_text.get(segs[best][3], 0) + 1
            else:
                ordinary_fa += 1
        wake_n += sum(1 for sg in segs if sg[2] == "wake")
        near_n += sum(1 for sg in segs if sg[2] == "near")
        wake_hits += len(hit_wakes)
    return dict(levels=levels, by_noise=by_noise, others=others, delays=delays, wake=(wake_hits, wake_n), near=(near_acc, near_n), near_by_text=near_by_text,
                ordinary_fa=ordinary_fa, hours=stream_seconds / 3600)


def speed(shared, tmp):
    dev = os.path.join(shared, "corpus", "dev")
    streams = [os.path.join(dev, v, "stream.wav") for v in VOICES]
    model = model_path(tmp, os.path.join(dev, "flite_slt"))
    res = {}
    # in-process speed, one core, each stream scanned twice in one JVM: the second pass is steady state
    _, err, cpu, rss = run([WAKEGATE, "scan", "--json", "--stats", "--model", model] + SCAN_ARGS + streams + streams, core=0)
    stats = re.findall(r"stats: .*?: ([\d.]+) s audio, ([\d.]+) s CPU, (\d+)x real time, ([\d.]+)% of frames past the VAD", err)
    res["per_stream"] = [(float(a), float(c), int(x), float(f)) for a, c, x, f in stats]
    res["scan_process_cpu"], res["scan_rss"] = cpu, rss
    # whole-process CPU over the three streams once (JVM start-up and JIT included), for the pocketsphinx comparison
    _, _, cpu3, _ = run([WAKEGATE, "scan", "--json", "--model", model] + SCAN_ARGS + streams, core=0)
    res["ours_cpu_3streams"] = cpu3
    # VAD: 10 minutes of a quiet room (no speech) against the speech-dense streams
    quiet = os.path.join(tmp, "quiet-room.wav")
    subprocess.run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", quiet, "synth", "600", "pinknoise", "vol", "0.002"], check=True)
    _, qerr, _, _ = run([WAKEGATE, "scan", "--json", "--stats", "--model", model] + SCAN_ARGS + streams[:1] + [quiet, quiet], core=0)
    res["quiet"] = stats_of_last(qerr)
    # the daemon: 10 minutes through run --input with mock GPIO and a closed uplink (all sessions fail, nothing is sent)
    ten = os.path.join(tmp, "stream10.wav")
    subprocess.run(["sox", streams[1], streams[0], ten, "trim", "0", "600"], check=True)
    audit = os.path.join(tmp, "audit.jsonl")
    mel_model = os.path.join(tmp, "mfcc-flite_slt.json")
    run([WAKEGATE, "enroll", "--name", "hey-computer", "--out", mel_model, "--no-embeddings"]
        + [os.path.join(dev, "flite_slt", "enroll", f"{i}.wav") for i in (1, 2, 3)])
    _, _, rcpu, rrss = run([WAKEGATE, "run", "--input", ten, "--model", mel_model, "--uplink", "http://127.0.0.1:9/", "--gpio", "mock",
                            "--audit-log", audit], core=0)
    res["run_cpu"], res["run_rss"] = rcpu, rrss
    # the same with run's defaults: a template enrolled with speech embeddings, detected on both feature sets
    # enrolled as a user does: with a verifier where espeak-ng is installed, on one core (what a Pi spends) and on all of
    # them (enroll says its renditions and learns on up to four threads)
    emb_model = os.path.join(tmp, "embedding-flite_slt.json")
    res["enroll"] = {}
    for cores, core in (("one core", 0), (f"{min(4, len(os.sched_getaffinity(0)))} cores", None)):
        started = time.monotonic()
        _, _, ecpu, erss = run([WAKEGATE, "enroll", "--name", "hey-computer", "--out", emb_model]
                               + [os.path.join(dev, "flite_slt", "enroll", f"{i}.wav") for i in (1, 2, 3)], core=core)
        verifier = bool(json.load(open(emb_model)).get("speech_embeddings", {}).get("verifiers"))
        res["enroll"][cores] = (time.monotonic() - started, ecpu, erss, verifier)
    _, _, dcpu, drss = run([WAKEGATE, "run", "--input", ten, "--model", emb_model, "--uplink", "http://127.0.0.1:9/", "--gpio", "mock",
                            "--audit-log", audit], core=0)
    res["run_default_cpu"], res["run_default_rss"] = dcpu, drss
    # continuous speech by other voices: all of LibriSpeech in ../shared/real as one stream, scanned twice in one JVM
    # (the second pass is steady state), with each feature set; the embedding template enrolled from the same takes;
    # light and the default (detection on log mel, and on speech embeddings too) with the confirmation, as run decides
    libri = os.path.join(tmp, "librispeech.wav")
    subprocess.run(["sox"] + sorted(glob.glob(os.path.join(shared, "real", "librispeech", "*.wav"))) + [libri], check=True)
    res["continuous"] = {}
    confirmed = ["--confirm", "template"]
    for features, m, confirm in (("mfcc", model, []), ("light", emb_model, confirmed), ("embedding", emb_model, []), ("auto", emb_model, confirmed)):
        _, cerr, _, _ = run([WAKEGATE, "scan", "--json", "--stats", "--model", m, "--template-features", features] + confirm + [libri, libri], core=0)
        res["continuous"][features] = stats_of_last(cerr)
    res["noise"] = continuous_noise(shared, tmp)
    # tune's sweep (19 sensitivities, one detector each) with the speech-embedding template: flite_slt's 20 positives
    # against one 8-minute dev stream; the detectors share the feature models' runs, so this is about one scan's cost
    slt = os.path.join(dev, "flite_slt")
    _, _, tcpu, trss = run([WAKEGATE, "tune", "--model", emb_model, "--template-features", "embedding",
                            "--positives", os.path.join(slt, "positives"), "--labels", os.path.join(slt, "positives", "labels.tsv"),
                            "--negatives", streams[1]], core=0)
    tune_audio = wav_seconds(streams[1]) + sum(wav_seconds(f) for f in glob.glob(os.path.join(slt, "positives", "*.wav")))
    res["tune"] = (tune_audio, tcpu, trss)
    if shutil.which("pocketsphinx_continuous"):
        _, _, c, _ = run(["pocketsphinx_continuous", "-infile", libri, "-keyphrase", "hey computer", "-kws_threshold", "1e-20",
                          "-logfn", "/dev/null"], core=0)
        res["continuous"]["pocketsphinx (whole process)"] = (res["continuous"]["mfcc"][0], c)
    # pocketsphinx_continuous keyword spotting on the same three streams, same core
    if shutil.which("pocketsphinx_continuous"):
        ps = 0.0
        for s in streams:
            _, _, c, _ = run(["pocketsphinx_continuous", "-infile", s, "-keyphrase", "hey computer", "-kws_threshold", "1e-20",
                              "-logfn", "/dev/null"], core=0)
            ps += c
        res["pocketsphinx_cpu"] = ps
    return res


def continuous_noise(shared, tmp):
    """CPU per audio hour in continuous real noise, detector + template confirmation as run decides: flite kal16's dev
    stream with the exercise-bike recording under it at 10 dB (over the louder half of its 10 ms frames), scanned twice
    in one JVM (second pass), with log mel alone and with the default features (a template holding speech embeddings)."""
    dev = os.path.join(shared, "corpus", "dev", "flite_kal16")
    noisy = os.path.join(tmp, "kal16-exercise-bike-10db.wav")
    noisy_stream.write_noisy(os.path.join(dev, "stream.wav"), os.path.join(shared, "real", "noise", "exercise_bike.wav"), noisy, 10)
    model = os.path.join(tmp, "noise-flite_kal16.json")
    run([WAKEGATE, "enroll", "--name", "hey-computer", "--out", model] + [os.path.join(dev, "enroll", f"{i}.wav") for i in (1, 2, 3)])
    res = {}
    for features in ("mfcc", "light", "auto"):
        _, err, _, _ = run([WAKEGATE, "scan", "--json", "--stats", "--confirm", "template", "--model", model, "--template-features", features,
                            noisy, noisy], core=0)
        res[features] = stats_of_last(err)
    return res


def real(shared, tmp, word, enroll_n, sens_list):
    d = os.path.join(shared, "real", "precise-community", word)
    files = sorted(f for f in os.listdir(d) if f.endswith(".wav"))
    model = os.path.join(tmp, word + ".json")
    out, err, _, _ = run([WAKEGATE, "enroll", "--name", word, "--out", model] + ENROLL_ARGS + [os.path.join(d, f) for f in files[:enroll_n]])
    agreement = re.search(r"takes agree at ([\d.]+)" if "embedding" in SCAN_ARGS else r"typical distance ([\d.]+)", out)
    pos = [os.path.join(d, f) for f in files[enroll_n:]]
    neg_dir = os.path.join(shared, "real", "librispeech")
    neg = sorted(os.path.join(neg_dir, f) for f in os.listdir(neg_dir) if f.endswith(".wav"))
    neg_seconds = sum(float(subprocess.run(["soxi", "-D", f], capture_output=True, text=True).stdout) for f in neg)
    rows = []
    for s in sens_list:
        pd, _, _, _ = scan(["--model", model, "--sensitivity", str(s)] + pos)
        nd, _, _, _ = scan(["--model", model, "--sensitivity", str(s)] + neg)
        found = len({x["file"] for x in pd})
        rows.append((s, found, len(pos), len(nd), len(nd) / (neg_seconds / 3600)))
    return agreement.group(1) if agreement else "?", rows, neg_seconds


def speed_report(s):
    print("== speed and memory, one core (taskset -c 0)")
    for i, (aud, cpu, x, fed) in enumerate(s["per_stream"]):
        print(f"  scan stream {i % 3 + 1} pass {i // 3 + 1}: {aud:.0f} s audio in {cpu:.3f} s CPU = {x}x real time ({fed:.1f} % past the VAD)")
    steady = s["per_stream"][3:]
    sa, sc = sum(p[0] for p in steady), sum(p[1] for p in steady)
    print(f"  steady state over the three streams: {sa / sc:.0f}x real time, {3600 * sc / sa:.1f} CPU-seconds per audio hour (detector thread)")
    qa, qc = s["quiet"]
    print(f"  VAD: a quiet room costs {1000 * qc / qa:.3f} ms CPU per audio second, speech {1000 * sc / sa:.3f} ms: silence is {(sc / sa) / (qc / qa):.0f}x cheaper")
    print(f"  scan peak RSS: {s['scan_rss'] / 1024:.1f} MB")
    print("  continuous speech by other voices (LibriSpeech in ../shared/real, one stream, second pass), CPU-seconds per audio hour:")
    for features, (aud, cpu) in s["continuous"].items():
        print(f"    {features + (' (default)' if features == 'auto' else ''):30s} {3600 * cpu / aud:6.1f}")
    print("  continuous real noise (flite kal16's dev stream, exercise bike at 10 dB), detector + template confirmation,"
          " CPU-seconds per audio hour:")
    for features, (aud, cpu) in s["noise"].items():
        print(f"    {features + (' (default)' if features == 'auto' else ''):30s} {3600 * cpu / aud:6.1f}")
    ta, tc, tr = s["tune"]
    print(f"  tune, 19 sensitivities, speech-embedding template, {ta / 60:.1f} min of audio: {tc:.1f} s CPU (whole process)"
          f" = {60 * tc / ta:.1f} CPU-seconds per audio minute, peak RSS {tr / 1024:.1f} MB")
    for cores, (wall, cpu, rss, verifier) in s["enroll"].items():
        print(f"  enroll, 3 takes, {'with a verifier (espeak-ng)' if verifier else 'no verifier (espeak-ng is not installed)'}, {cores}:"
              f" {wall:.1f} s, {cpu:.1f} s CPU (whole process), peak RSS {rss / 1024:.1f} MB")
    print(f"  run --input, 10 min stream, template engine, mock GPIO: {s['run_cpu']:.2f} s CPU (whole process)"
          f" = {6 * s['run_cpu']:.1f} CPU-seconds per audio hour, peak RSS {s['run_rss'] / 1024:.1f} MB (log mel alone);"
          f" with run's defaults (a template with speech embeddings) {s['run_default_cpu']:.2f} s CPU = {6 * s['run_default_cpu']:.1f} CPU-s"
          f" per audio hour, peak RSS {s['run_default_rss'] / 1024:.1f} MB")
    if "pocketsphinx_cpu" in s:
        print(f"  same three streams (24 min), whole process incl. start-up: wakegate {s['ours_cpu_3streams']:.2f} s CPU,"
              f" pocketsphinx_continuous -kws {s['pocketsphinx_cpu']:.2f} s CPU: {s['pocketsphinx_cpu'] / s['ours_cpu_3streams']:.1f}x less CPU")
    else:
        print("  pocketsphinx_continuous is not installed: apt install pocketsphinx pocketsphinx-en-us")
    print()


def dev_report(r, confirm, corpus="../shared/corpus/dev"):
    title = "detector alone (scan)" if not confirm else "cascade: detector + template confirmation (scan --confirm template, as run does)"
    print(f"== {corpus}, {title}")
    for k, (h, n) in r["levels"].items():
        print(f"  recall on positives, {k:6s}: {pct(h, n)}")
    for noise in ("white", "pink", "brown", "babble"):
        cells = [f"{k.split()[0]} dB {h}/{n}" for k, (h, n) in r["by_noise"].items() if k.endswith(" " + noise)]
        if cells:
            print(f"    {noise + ':':8s} {', '.join(cells)}")
    print(f"  detections elsewhere in noisy positives (other speech, the command after the phrase): {sum(r['others'].values())} {r['others']}")
    print(f"  stream wake phrases detected:   {pct(*r['wake'])}")
    print(f"  false accepts, ordinary speech: {r['ordinary_fa']} in {r['hours'] * 60:.0f} min = {r['ordinary_fa'] / r['hours']:.1f} per hour")
    print(f"  near-miss phrases accepted:     {pct(*r['near'])}  {r['near_by_text']}")
    print(f"  median detection delay:         {statistics.median(r['delays']) * 1000:.0f} ms after the labelled end"
          f" (n={len(r['delays'])}, 90th percentile {sorted(r['delays'])[int(0.9 * len(r['delays']))] * 1000:.0f} ms)\n")


def real_report(shared, tmp):
    sens = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    for word in ("athena-en", "heycomputer-en"):
        agreement, rows, neg_s = real(shared, tmp, word, 3, sens)
        print(f"== ../shared/real/precise-community/{word}: enrolled from the first 3 takes (sorted by name; agreement {agreement}),"
              f" negatives: LibriSpeech {neg_s / 60:.0f} min")
        print("  sensitivity   recall               false accepts")
        for s_, f, n, fa, fah in rows:
            print(f"  {s_:10.2f}   {pct(f, n):19s}  {fa:3d} = {fah:5.1f} per hour")
        print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--quick", action="store_true", help="skip the real-recordings sweep")
    ap.add_argument("--real-only", action="store_true", help="only the real-recordings sweep")
    ap.add_argument("--generated", action="store_true",
                    help="only a larger corpus made by make-corpus.sh with other seeds and voices (needs espeak-ng, flite, sox)")
    ap.add_argument("--features", choices=["auto", "mfcc", "embedding"], default="auto",
                    help="template features of the dev-corpus, speed and real-recordings sections: auto (the default, what users get),"
                         " log mel alone, or speech embeddings alone")
    a = ap.parse_args()
    global ENROLL_ARGS, SCAN_ARGS
    if a.features == "mfcc":
        ENROLL_ARGS, SCAN_ARGS = ["--no-embeddings"], ["--template-features", "mfcc"]
    elif a.features == "embedding":
        SCAN_ARGS = ["--template-features", "embedding"]
    tmp = tempfile.mkdtemp(prefix="wakegate-bench-")
    try:
        default = " (the default: what users get)" if a.features == "auto" else ""
        print(f"wakegate benchmark: template engine, {a.features} features{default}, default sensitivity 0.5\n")
        if a.generated:
            voices = generated_corpus(a.shared, tmp)
            seeds = f"{GENERATED_SEEDS[0]}-{GENERATED_SEEDS[-1]}"
            for confirm in (False, True):
                dev_report(corpus_figures(voices, tmp, confirm), confirm,
                           f"generated corpus ({len(voices)} runs: {len(GENERATED_VOICES.split(','))} voices, seeds {seeds}, 2-minute streams)")
            return
        if not a.real_only:
            for confirm in (False, True):
                dev_report(dev_corpus(a.shared, tmp, confirm), confirm)
            speed_report(speed(a.shared, tmp))
        if not a.quick:
            real_report(a.shared, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
