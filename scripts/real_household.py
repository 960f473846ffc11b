#!/usr/bin/env python3
"""A real two-person household: one wake word enrolled by two real people, each found and named in their own voice.

  scripts/real_household.py [--half report|tune] [--features auto,light,mfcc,embedding,either] [--clean-only] [--json OUT]
  scripts/real_household.py --more-takes [--features auto,embedding]   # one person, more takes added three at a time
  scripts/real_household.py --no-verifier                             # enrolled with --no-verifier (the default learns one where espeak-ng is)

../shared/real says nothing of who spoke, but Mycroft Precise's community data does: each contributor's public-domain
waiver in precise-community/licenses lists the files they gave. Two people gave takes of "computer": krisgesling (47)
and el-tocino (10). Each contributor's takes are split as in real_voices.py (a hash of the file name: the tuning half
gives the 3 enrollment takes of each voice, the reporting half the figures; `--half tune` reports on the rest of the
tuning half instead). A waiver says who contributed a file, not who is heard in it: one contributor could have recorded
someone else, so "voice" below means "contributor".

The household template: `enroll --voice krisgesling` on one's 3 takes, then `enroll --add --voice el-tocino` on the
other's, as a household would make it. Each voice's takes are scanned clean and with the kitchen and exercise-bike
recordings mixed in at 10 and 5 dB SNR (as real_voices.py mixes them), by the detector + template confirmation as `run`
decides. Printed per voice: takes found, and how many of those were named as that voice (`"voice"` in `scan --json`).
For comparison, each voice alone (a template of its own 3 takes) on the same takes; and the false accepts of the
household template over all LibriSpeech + noise in ../shared/real. Needs target/wakegate.jar and java 21+ ($JAVA).

--more-takes: one person (krisgesling) enrolled from 3 tuning-half takes, then more of his tuning-half takes added three
at a time with `enroll --add --voice krisgesling` (as if said on other occasions; a batch enroll refuses is skipped), up
to the 16 takes a wake word holds; after each batch, his reporting-half takes found clean, and at the end with noise and
the false accepts over LibriSpeech + noise.
"""
import argparse, glob, json, os, random, re, shutil, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import real_voices as rv  # noqa: E402

WORD_SET = "precise-community/computer-en"
VOICES = ["krisgesling", "el-tocino"]


def contributors(real):
    """File name -> contributor, from the waivers in precise-community/licenses (license-DATE-NAME.txt)."""
    who = {}
    for waiver in sorted(glob.glob(os.path.join(real, "precise-community", "licenses", "license-*.txt"))):
        name = re.sub(r"^license-\d+-", "", os.path.basename(waiver))[:-len(".txt")]
        with open(waiver, encoding="utf-8") as f:
            for line in f:
                if line.strip().endswith(".wav"):
                    who.setdefault(os.path.basename(line.strip()), name)
    return who


def takes_of(real, voice, who):
    files = sorted(glob.glob(os.path.join(real, WORD_SET, "*.wav")))
    return [f for f in files if who.get(os.path.basename(f)) == voice]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.environ.get("WAKEGATE_SHARED", os.path.join(rv.HERE, "..", "shared")))
    ap.add_argument("--half", choices=["report", "tune"], default="report")
    ap.add_argument("--features", default="auto,light,mfcc,embedding")
    ap.add_argument("--clean-only", action="store_true", help="clean takes only, no false accepts counted")
    ap.add_argument("--jar", default=rv.JAR)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--extra", default="", help="more scan options, e.g. '--confirm-sensitivity 0.2'")
    ap.add_argument("--more-takes", action="store_true", help="one person, more takes added three at a time (see above)")
    ap.add_argument("--no-verifier", action="store_true", help="enroll with --no-verifier, as the default was until 2026-12-07")
    a = ap.parse_args()
    real = os.path.join(a.shared, "real")
    who = contributors(real)
    tmp = tempfile.mkdtemp(prefix="wakegate-household-")
    rv.JAR = os.path.join(tmp, "wakegate.jar")  # a copy: a rebuild during the run must not change it
    shutil.copy(a.jar, rv.JAR)
    try:
        (more_takes if a.more_takes else run)(a, real, who, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(a, real, who, tmp):
    want = 1 if a.half == "report" else 0
    noises = {n: rv.read(os.path.join(real, "noise", n)) for n in rv.NOISES}
    enroll, conditions = {}, {}
    for voice in VOICES:
        takes = takes_of(real, voice, who)
        tune = [f for f in takes if rv.half_of(f) == 0]
        if len(tune) < 3:
            sys.exit(f"real_household: {voice} has {len(tune)} takes in the tuning half of {WORD_SET}, 3 are enrolled."
                     f" Fix: point --shared at the full ../shared")
        enroll[voice] = tune[:3]
        test = [f for f in takes if rv.half_of(f) == want and f not in tune[:3]]
        conditions[voice] = {"clean": test}
        rng = random.Random(voice)
        for snr in ([] if a.clean_only else rv.SNRS):
            mixed = []
            for i, f in enumerate(test):
                out = os.path.join(tmp, f"{voice}-{snr}-{i}.wav")
                rv.write(out, rv.mixed(rv.read(f), noises[rv.NOISES[i % 2]], snr, rng))
                mixed.append(out)
            conditions[voice][f"{snr} dB"] = mixed
    conds = list(conditions[VOICES[0]])
    negatives = sorted(glob.glob(os.path.join(real, "librispeech", "*.wav"))) + [os.path.join(real, "noise", n) for n in rv.NOISES]
    neg_hours = rv.seconds(negatives) / 3600
    print(f"real two-person household \"computer\" (Precise contributors {' and '.join(VOICES)}), {a.half} half;"
          f" enrolled: 3 tuning-half takes of each")
    results = {}
    for features in a.features.split(","):
        household = os.path.join(tmp, f"household-{features}.json")
        no_emb = ["--no-embeddings"] if features == "mfcc" else ["--no-verifier"] if a.no_verifier else []
        rv.wakegate(["enroll", "--name", "computer", "--voice", VOICES[0], "--out", household] + no_emb + enroll[VOICES[0]])
        rv.wakegate(["enroll", "--add", household, "--voice", VOICES[1]] + no_emb + enroll[VOICES[1]])
        extra = rv.engine_options(features) + a.extra.split()
        row = {}
        print(f"== {features} features, detector + template confirmation (as run decides)")
        print(f"  {'voice':12s} {'takes':>5s}  " + " ".join(f"{c if c == 'clean' else c + ' noise':>22s}" for c in conds)
              + "   alone (own template): " + " ".join(conds))
        for voice in VOICES:
            alone = os.path.join(tmp, f"{voice}-{features}.json")
            rv.wakegate(["enroll", "--name", "computer", "--out", alone] + no_emb + enroll[voice])
            cells, own = {}, {}
            for cond, files in conditions[voice].items():
                best = {}
                for d in rv.detections(household, extra, files):
                    best.setdefault(d["file"], d.get("voice"))  # the first detection in each take
                cells[cond] = {"takes": len(files), "found": len(best), "named": sum(v == voice for v in best.values())}
                own[cond] = len(rv.scan(alone, extra, files))
            row[voice] = {"household": cells, "alone": own, "enrolled": [os.path.basename(f) for f in enroll[voice]]}
            print(f"  {voice:12s} {cells['clean']['takes']:5d}  "
                  + " ".join(f"{found_named(cells[c]):>22s}" for c in conds)
                  + "   " + " / ".join(f"{own[c]}" for c in conds))
        if not a.clean_only:
            fa = len(rv.detections(household, extra, negatives))
            row["false_accepts"] = fa
            print(f"  false accepts over LibriSpeech + noise ({neg_hours * 60:.1f} min): {fa} = {fa / neg_hours:.2f}/h"
                  f" (0 bounds the rate at {3 / neg_hours:.1f}/h, 95 %)")
        print()
        results[features] = row
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


def more_takes(a, real, who, tmp):
    if a.half == "tune":
        sys.exit("real_household: --more-takes enrolls from the whole tuning half, so it reports on the reporting half. Fix: drop --half tune")
    voice = VOICES[0]
    takes = takes_of(real, voice, who)
    tune = [f for f in takes if rv.half_of(f) == 0]
    test = [f for f in takes if rv.half_of(f) == 1]
    noises = {n: rv.read(os.path.join(real, "noise", n)) for n in rv.NOISES}
    rng = random.Random(voice)
    noisy = {}
    for snr in rv.SNRS:
        noisy[snr] = []
        for i, f in enumerate(test):
            out = os.path.join(tmp, f"more-{snr}-{i}.wav")
            rv.write(out, rv.mixed(rv.read(f), noises[rv.NOISES[i % 2]], snr, rng))
            noisy[snr].append(out)
    negatives = sorted(glob.glob(os.path.join(real, "librispeech", "*.wav"))) + [os.path.join(real, "noise", n) for n in rv.NOISES]
    print(f"{voice}'s \"computer\": 3 tuning-half takes, then 3 more at a time (enroll --add --voice {voice}); found of his"
          f" {len(test)} reporting-half takes, as run decides")
    for features in a.features.split(","):
        model = os.path.join(tmp, f"more-{features}.json")
        no_emb = ["--no-embeddings"] if features == "mfcc" else ["--no-verifier"] if a.no_verifier else []
        extra = rv.engine_options(features) + a.extra.split()
        rv.wakegate(["enroll", "--name", "computer", "--voice", voice, "--out", model] + no_emb + tune[:3])
        held, cells = tune[:3], [f"3 takes {len(rv.scan(model, extra, test))}"]
        for now in rv.added_batches(model, no_emb, tune, 15, voice):
            cells.append(f"{len(now)} takes {len(rv.scan(model, extra, test))}" if len(now) > len(held) else "(a batch refused)")
            held = now
        ten, five = (len(rv.scan(model, extra, noisy[snr])) for snr in rv.SNRS)
        fa = len(rv.detections(model, extra, negatives))
        print(f"  {features:10s} " + ", ".join(cells) + f"; with {len(held)}: 10 dB {ten}, 5 dB {five}, false accepts over LibriSpeech + noise {fa}")


def found_named(cell):
    n = cell["takes"]
    return f"{100 * cell['found'] / n:5.1f} % ({cell['found']}/{n}, {cell['named']} named)" if n else "-"


if __name__ == "__main__":
    main()
