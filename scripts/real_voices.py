#!/usr/bin/env python3
"""Real voices: how a wake word enrolled from 3 takes does on real people's recordings in ../shared/real.

  scripts/real_voices.py [--half report|tune] [--features mfcc,embedding,both,light,auto] [--cross-negatives] [--json OUT]
  scripts/real_voices.py --clean-only --features embedding     # about a minute: clean recall only, after a change
  scripts/real_voices.py --takes 15                             # more takes, added three at a time (enroll --add)
  scripts/real_voices.py --no-verifier                          # enrolled with --no-verifier (the default learns one where espeak-ng is)
  scripts/real_voices.py --takes 6 --at-once                     # more takes in one enroll (a refused take replaced by the next)
  scripts/real_voices.py --negatives-snr 10                      # false accepts on the negatives with real noise mixed in

For each word set (athena, hey computer and computer from Mycroft Precise's community data, Picovoice's computer and
alexa halves) the set's files are split in two by a hash of the file name: the **tuning half** (constants may be chosen
on it; its first 3 takes by name are the enrollment takes for both halves) and the **reporting half** (figures only,
never used to choose anything). `--half tune` reports on the tuning half instead.

Recall: the share of the half's takes (the enrollment takes excluded) in which the word is found: clean, and with real
noise (../shared/real/noise: dishes, exercise bike) mixed in at 10 and 5 dB SNR (speech power over the take's active
frames; a noise excerpt chosen per take by a seeded generator). False accepts: every detection over all of LibriSpeech
in ../shared/real plus the two noise recordings alone, per hour; both halves use all of it, so no constant may be chosen
on it. `--cross-negatives` gives real-speech tuning negatives instead: for each word, the tuning half of the other
words' sets (other people saying "athena", "alexa", "computer" on their own devices) and not-wake-words-en, 7-9 min per
word; they find false accepts that LibriSpeech's read speech does not (a "computer" template from Precise takes accepts
quiet "athena" takes recorded the same way).

`--takes N` (a multiple of 3) enrolls the tuning half's first takes three at a time instead, as more takes added later
(`enroll --add --voice` with the same label; a batch that enroll refuses is skipped and the next one taken), until N are
held; the reporting half is scored as before, every tuning-half take excluded.

Engines: the template engine as `run` uses it, detector + template confirmation (`scan --confirm template`), with log-mel
(mfcc) and speech-embedding features, both (log-mel detection confirmed on both feature sets), light (log-mel detection;
the confirmation both for a candidate clearly over its background, in noise against the takes heard through it) and
auto (the default: detection on log mel and on speech embeddings, confirmed as light). Python standard library only; needs a built target/wakegate.jar and java 21+.
"""
import argparse, array, glob, hashlib, json, math, os, random, re, shutil, subprocess, sys, tempfile, wave

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETS = [
    ("athena", "precise-community/athena-en"),
    ("hey computer", "precise-community/heycomputer-en"),
    ("computer (Precise)", "precise-community/computer-en"),
    ("computer (Picovoice)", "picovoice-benchmark/computer"),
    ("alexa (Picovoice)", "picovoice-benchmark/alexa"),
]
PHRASE = {"athena": "athena", "hey computer": "hey computer", "computer (Precise)": "computer", "computer (Picovoice)": "computer",
          "alexa (Picovoice)": "alexa"}  # what each set's takes say: the template's name, which enroll --verifier has espeak-ng say
WORD = {"athena": "athena", "hey computer": "computer", "computer (Precise)": "computer", "computer (Picovoice)": "computer",
        "alexa (Picovoice)": "alexa"}
NOISES = ["doing_the_dishes.wav", "exercise_bike.wav"]
SNRS = [10, 5]
RATE = 16000


def half_of(path):
    """0: tuning half, 1: reporting half; by a hash of the file name, so it never depends on what else is in the folder."""
    return hashlib.sha256(os.path.basename(path).encode()).digest()[0] % 2


def read(path):
    with wave.open(path) as w:
        if w.getframerate() != RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
            sys.exit(f"real_voices: {path} is not 16 kHz mono 16-bit")
        a = array.array("h")
        a.frombytes(w.readframes(w.getnframes()))
        return a


def write(path, samples):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(samples.tobytes())


def active_power(x):
    """Mean power of the 10 ms frames within 30 dB of the loudest one: the speech, not the silence around it."""
    frames = [sum(v * v for v in x[i:i + 160]) / 160 for i in range(0, len(x) - 159, 160)]
    if not frames:
        return 1.0
    top = max(frames)
    active = [f for f in frames if f >= top / 1000] or frames
    return max(1.0, sum(active) / len(active))


def mixed(speech, noise, snr_db, rng):
    start = rng.randrange(0, max(1, len(noise) - len(speech)))
    part = noise[start:start + len(speech)]
    if len(part) < len(speech):
        part = (part * (len(speech) // max(1, len(part)) + 1))[:len(speech)]
    gain = math.sqrt(active_power(speech) / (10 ** (snr_db / 10)) / max(1.0, sum(v * v for v in part) / len(part)))
    return array.array("h", (max(-32768, min(32767, int(round(s + gain * n)))) for s, n in zip(speech, part)))


JAR = os.path.join(HERE, "target", "wakegate.jar")


def wakegate(args):
    java = os.environ.get("JAVA", "java")
    p = subprocess.run([java, "-jar", JAR] + args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"real_voices: wakegate {' '.join(args[:4])} … failed ({p.returncode}):\n{p.stderr[-1500:]}")
    return p.stdout


def detections(model, extra, files):
    """Every detection in files (scanned 200 at a time), as parsed JSON."""
    found = []
    for i in range(0, len(files), 200):
        found += [json.loads(line) for line in wakegate(["scan", "--json", "--model", model] + extra + files[i:i + 200]).splitlines()
                  if line.startswith("{")]
    return found


def scan(model, extra, files):
    """The files in which the word was found."""
    return {d["file"] for d in detections(model, extra, files)}


def cross_negatives(real, name):
    """Real speech that is not the word, for tuning: the tuning half of the other words' sets, and not-wake-words-en."""
    other = sorted(f for n, rel in SETS if WORD[n] != WORD[name]
                   for f in glob.glob(os.path.join(real, rel, "*.wav")) if half_of(f) == 0)
    return other + sorted(glob.glob(os.path.join(real, "precise-community", "not-wake-words-en", "*.wav")))


def seconds(files):
    total = 0.0
    for f in files:
        with wave.open(f) as w:
            total += w.getnframes() / w.getframerate()
    return total


def main():
    global JAR
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.environ.get("WAKEGATE_SHARED", os.path.join(HERE, "..", "shared")))
    ap.add_argument("--half", choices=["report", "tune"], default="report")
    ap.add_argument("--features", default="mfcc,embedding,both,light,auto")
    ap.add_argument("--confirm", default="template", help="template (as run decides) or none (the detector alone)")
    ap.add_argument("--extra", default="", help="more scan options for every engine, e.g. '--sensitivity 0.4'")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--takes", type=int, default=3, help="enrollment takes, added three at a time (a multiple of 3, at most 15)")
    ap.add_argument("--at-once", action="store_true",
                    help="with --takes N: enroll the tuning half's first N takes in one enroll (a take enroll refuses is replaced by"
                         " the next, as a user records one again) instead of three, then three more at a time")
    ap.add_argument("--jar", default=JAR)
    ap.add_argument("--verifier", action="store_true", help="enroll with --verifier: insist on the verifier (the default where espeak-ng is)")
    ap.add_argument("--no-verifier", action="store_true", help="enroll with --no-verifier, as the default was until 2026-12-07")
    ap.add_argument("--clean-only", action="store_true",
                    help="recall on the clean takes only, no noise and no false accepts: a one-minute check after a change to a detector")
    ap.add_argument("--cross-negatives", action="store_true",
                    help="tuning negatives of real speech: for each word, the tuning half of the other words' sets and"
                         " not-wake-words-en (never LibriSpeech, never the reporting half)")
    ap.add_argument("--negatives", nargs="*", help="other negative files (for tuning runs, which must not look at LibriSpeech):"
                    " e.g. ../shared/real/precise-community/not-wake-words-en/*.wav")
    ap.add_argument("--negatives-snr", type=float,
                    help="the negatives (LibriSpeech, --cross-negatives or --negatives) with the real noise mixed in at this SNR"
                         " (dB): false accepts on speech in a noisy room, where the confirmation works differently")
    a = ap.parse_args()
    if a.takes < 3 or a.takes > 15 or a.takes % 3:
        sys.exit(f"real_voices: --takes {a.takes}: give 3, 6, 9, 12 or 15 (three at a time; a wake word holds at most 16)")
    if a.takes > 3 and a.half == "tune":
        sys.exit("real_voices: --takes above 3 enrolls more of the tuning half, so it reports on the reporting half. Fix: drop --half tune")
    if a.clean_only and (a.cross_negatives or a.negatives):
        sys.exit("real_voices: --clean-only counts no false accepts. Fix: drop --cross-negatives/--negatives, or --clean-only")
    if a.clean_only and a.negatives_snr is not None:
        sys.exit("real_voices: --clean-only counts no false accepts. Fix: drop --negatives-snr, or --clean-only")
    if a.cross_negatives and a.negatives:
        sys.exit("real_voices: --cross-negatives and --negatives both name the negatives. Fix: give one of them")
    real = os.path.join(a.shared, "real")
    want = 1 if a.half == "report" else 0
    tmp = tempfile.mkdtemp(prefix="wakegate-real-")
    JAR = os.path.join(tmp, "wakegate.jar")  # a copy: a rebuild during the run must not change it
    shutil.copy(a.jar, JAR)
    noises = {n: read(os.path.join(real, "noise", n)) for n in NOISES}
    negatives = a.negatives or sorted(glob.glob(os.path.join(real, "librispeech", "*.wav"))) + [os.path.join(real, "noise", n) for n in NOISES]
    noisy_copies = {}

    def in_noise(files):
        """files, or with --negatives-snr their copies with the real noise mixed in (noise alone stays as it is)."""
        if a.negatives_snr is None:
            return files
        out = []
        for f in files:
            if f not in noisy_copies:
                if os.path.dirname(os.path.abspath(f)) == os.path.abspath(os.path.join(real, "noise")):
                    noisy_copies[f] = f
                else:
                    noisy_copies[f] = os.path.join(tmp, f"negative-{len(noisy_copies)}.wav")
                    write(noisy_copies[f], mixed(read(f), noises[NOISES[len(noisy_copies) % 2]], a.negatives_snr, random.Random(f)))
            out.append(noisy_copies[f])
        return out
    neg_hours = seconds(negatives) / 3600
    results = {}
    try:
        print(f"real voices, {a.half} half (split by a hash of each file name; enrollment: the tuning half's first 3 takes"
              + (f", then more three at a time up to {a.takes})" if a.takes > 3 else ")"))
        if a.clean_only:
            print("clean takes only: no noise mixed in, no false accepts counted (--clean-only)\n")
        elif a.cross_negatives:
            print("false accepts over the tuning half of the other words' sets and not-wake-words-en (real speech, 7-9 min per word)\n")
        else:
            print(f"false accepts over {'the given negatives' if a.negatives else 'LibriSpeech + noise in ../shared/real'}: {neg_hours * 60:.1f} min; 0 of them bounds the rate"
                  f" at {3 / neg_hours:.1f} per hour (95 %)\n")
        if a.negatives_snr is not None:
            print(f"the negatives with the real noise mixed in at {a.negatives_snr:g} dB (--negatives-snr)\n")
        kinds = a.features.split(",")
        for name, rel in SETS:
            files = sorted(glob.glob(os.path.join(real, rel, "*.wav")))
            tune = [f for f in files if half_of(f) == 0]
            enroll, test = tune[:3], [f for f in files if half_of(f) == want and f not in tune[:3]]
            conditions = {"clean": test}
            rng = random.Random(rel)
            for snr in ([] if a.clean_only else SNRS):
                conditions[f"{snr} dB"] = []
                for i, f in enumerate(test):
                    out = os.path.join(tmp, f"{rel.replace('/', '_')}-{snr}-{i}.wav")
                    write(out, mixed(read(f), noises[NOISES[i % 2]], snr, rng))
                    conditions[f"{snr} dB"].append(out)
            for features in kinds:
                model = os.path.join(tmp, f"{features}-{rel.replace('/', '_')}.json")
                no_emb = ["--no-embeddings"] if features == "mfcc" else ["--verifier"] if a.verifier else ["--no-verifier"] if a.no_verifier else []
                if a.at_once:
                    held = enrolled_at_once(model, no_emb, tune, a.takes)
                else:
                    wakegate(["enroll", "--name", PHRASE[name].replace(" ", "-"), "--out", model] + no_emb + enroll)
                    held = list(enroll)
                    for held in added_batches(model, no_emb, tune, a.takes):
                        pass
                extra = engine_options(features, a.confirm) + a.extra.split()
                row = {k: [len(scan(model, extra, fs)), len(fs)] for k, fs in conditions.items()}
                if a.clean_only:
                    row["false_accepts"] = None
                elif a.cross_negatives:
                    cross = cross_negatives(real, name)
                    found = detections(model, extra, in_noise(cross))
                    row["false_accepts"] = len(found)
                    row["negative_minutes"] = seconds(cross) / 60
                    original = {copy: f for f, copy in noisy_copies.items()}
                    row["false_accept_files"] = sorted({os.path.basename(original.get(d["file"], d["file"])) for d in found})
                else:
                    row["false_accepts"] = len(detections(model, extra, in_noise(negatives)))
                row["enrolled"] = [os.path.basename(f) for f in held]
                results.setdefault(features, {})[name] = row
        conds = ["clean"] + ([] if a.clean_only else [f"{snr} dB" for snr in SNRS])
        for features in kinds:
            print(f"== {features} features, " + ("detector + template confirmation (as run decides)" if a.confirm == "template" else "detector alone"))
            print(f"  {'word set':22s} {'takes':>5s}  " + " ".join(f"{c if c == 'clean' else c + ' noise':>16s}" for c in conds)
                  + ("" if a.clean_only else "  false accepts"))
            pooled = {k: [sum(r[k][0] for r in results[features].values()), sum(r[k][1] for r in results[features].values())] for k in conds}
            for name, row in results[features].items():
                line = f"  {name:22s} {row['clean'][1]:5d}  " + " ".join(f"{pct(*row[k]):>16s}" for k in conds)
                if not a.clean_only:
                    per = row.get("negative_minutes", neg_hours * 60) / 60
                    line += f"  {row['false_accepts']} = {row['false_accepts'] / per:.1f}/h"
                if a.takes > 3:
                    line += f"  ({len(row['enrolled'])} takes enrolled)"
                print(line)
            line = f"  {'pooled':22s} {pooled['clean'][1]:5d}  " + " ".join(f"{pct(*pooled[k]):>16s}" for k in conds)
            if a.clean_only:
                results[features]["pooled"] = pooled
            else:
                fa_total = sum(r["false_accepts"] for r in results[features].values())
                fa_hours = sum(r.get("negative_minutes", neg_hours * 60) / 60 for r in results[features].values())
                line += f"  {fa_total} in {fa_hours * 60:.0f} min = {fa_total / fa_hours:.2f}/h"
                results[features]["pooled"] = dict(pooled, false_accepts=fa_total, negative_hours=fa_hours)
            print(line + "\n")
        if a.json:
            with open(a.json, "w") as f:
                json.dump(results, f, indent=1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def added_batches(model, no_emb, tune, wanted, voice="voice 1"):
    """Adds the tuning half's takes after its first 3 to model three at a time (`enroll --add` under one voice, as takes
    said later) until it holds `wanted`; a batch enroll refuses is skipped. Yields the takes held after each batch tried."""
    held = list(tune[:3])
    for i in range(3, len(tune) - 2, 3):
        if len(held) >= wanted:
            return
        p = subprocess.run([os.environ.get("JAVA", "java"), "-jar", JAR, "enroll", "--add", model, "--voice", voice] + no_emb + tune[i:i + 3],
                           capture_output=True, text=True)
        if p.returncode == 0:
            held = held + tune[i:i + 3]
        yield held


def enrolled_at_once(model, no_emb, tune, wanted):
    """Enrolls the tuning half's first `wanted` takes in one enroll; a take enroll names as refused is replaced by the
    next take, as a user would record it again, or, with none left, dropped (at least 3 stay). Returns the takes enrolled."""
    held, spare = list(tune[:wanted]), list(tune[wanted:])
    while True:
        p = subprocess.run([os.environ.get("JAVA", "java"), "-jar", JAR, "enroll", "--name", "wake", "--out", model] + no_emb + held,
                           capture_output=True, text=True)
        if p.returncode == 0:
            return held
        refused = re.search(r"take (\d+) \(", p.stderr)
        if not refused or (not spare and len(held) <= 3):
            sys.exit(f"real_voices: enroll refused {len(held)} takes at once and names none to replace: {p.stderr.strip()}")
        held.pop(int(refused.group(1)) - 1)
        if spare:
            held.append(spare.pop(0))


def engine_options(features, confirm="template"):
    """The template engine as run uses it: detector + template confirmation (or --confirm none), with the given features."""
    return ["--template-features", features] + (["--confirm", confirm] if confirm != "none" else [])


def pct(hit, n):
    return f"{100 * hit / n:5.1f} % ({hit}/{n})" if n else "-"


if __name__ == "__main__":
    main()
