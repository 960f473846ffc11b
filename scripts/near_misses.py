#!/usr/bin/env python3
"""Near misses: how often phrases that merely sound like the wake phrase get through, per near miss.

  scripts/near_misses.py --generate OUT      # makes the three corpora below with ../shared/corpus/make-corpus.sh
  scripts/near_misses.py OUT/hey-jasper OUT/hey-computer OUT/okay-rhasspy

  # your own wake phrase and the phrases you fear it will take (needs espeak-ng, flite and sox):
  scripts/near_misses.py --generate OUT --phrase "hey jarvis" --near-miss "hey garvis,hey jarvey,jarvis,hey service"
  scripts/near_misses.py --extra "--sensitivity 0.4" OUT/hey-jarvis

  # many renditions of each near miss (about 125 per near miss in 50 minutes of five voices' ordinary speech):
  scripts/near_misses.py --generate OUT --negatives-only --minutes 50 --seed 61 \
      --voices "espeak:en-us+m1,espeak:en-gb+f1,espeak:en-uk+belinda,espeak:en-us+john,espeak:en-gb-scotland+steph"

  # households: each voice of a corpus with the next, both voices' takes in one template (enroll, then enroll --add)
  scripts/near_misses.py --household OUT/hey-computer

  # guests: each voice's template over the next voice's stream (a voice never enrolled says the phrases)
  scripts/near_misses.py --guests OUT/hey-jasper

Each corpus is the dev corpus's generator run for one wake phrase with its near misses, in four voices that nothing
was tuned on (flite awb and rms, espeak en-gb+m4 and en-us+f3; seed 41, 4-minute streams). Per voice, the wake word is
enrolled from that voice's own three takes, and its stream (sentences, the wake phrase with commands, near misses) is
scanned as `run` decides: detector + template confirmation, with each feature set (mfcc, embedding, both: log-mel
detection confirmed on both; light: log-mel detection, confirmed as both for a candidate clearly over its background
and against the takes heard through it in noise; auto, the default: light, and detection on speech embeddings too).
Printed per phrase: the wake
phrases found in the streams and, per near miss, how many of its renditions were accepted; the near-homophones (the
wake phrase itself said another way: "hey come pewter", "okay raspy", "ohh kay rhasspy") last and marked, since
accepting those is right. With several corpora of one phrase, their totals follow, as percentages.
"""
import argparse, collections, glob, json, os, random, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = {
    "hey jasper": "hey jester,hey casper,hey jaspers,hey jasp,jasper,hey japer",
    "hey computer": "hey commuter,hey compute,computers,a computer,they commuted,hey come pewter",
    "okay rhasspy": "okay raspy,okay rhasspies,okay rasp,rhasspy,okay jaspy,ohh kay rhasspy",
}
# The wake phrase itself said another way (the same sounds, another spelling or word break): reported apart, since
# accepting them is right. "ohh kay rhasspy" is "okay rhasspy" said as two words.
HOMOPHONES = {"hey come pewter", "okay raspy", "ohh kay rhasspy"}
VOICES = "flite:awb,espeak:en-gb+m4,flite:rms,espeak:en-us+f3"
FEATURES = ("mfcc", "embedding", "both", "light", "auto")
ENROLL_EXTRA = []  # --verifier / --no-verifier: each template enrolled with it


def wakegate(args):
    p = subprocess.run([os.environ.get("JAVA", "java"), "-jar", os.environ.get("WAKEGATE_JAR", os.path.join(HERE, "target", "wakegate.jar"))] + args,
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"near_misses: wakegate {' '.join(args[:3])} failed:\n{p.stderr[-1500:]}")
    return p.stdout


def generate(out, shared, corpora, voices=VOICES, seed=41, minutes=4, negatives_only=False):
    for phrase, near in corpora.items():
        d = os.path.join(out, phrase.replace(" ", "-"))
        subprocess.run([os.path.join(shared, "corpus", "make-corpus.sh"), "--phrase", phrase, "--near-miss", near, "--voices", voices,
                        "--seed", str(seed), "--minutes", str(minutes), "--out", d] + (["--negatives-only"] if negatives_only else []),
                       check=True, capture_output=True)
        print(f"near_misses: made {d}")


def noisy_stream(vd, noise, snr, tmp):
    """The voice's stream with a real noise recording mixed in under its speech at snr dB (the takes stay clean)."""
    from real_voices import mixed, read, write
    out = os.path.join(tmp, os.path.basename(vd) + ".wav")
    write(out, mixed(read(os.path.join(vd, "stream.wav")), read(noise), snr, random.Random(41)))
    return out


def score(corpus, extra=(), features_list=FEATURES, noise=None, snr=10, guests=False):
    """Each voice's template scanned over its own stream, or with guests over the next voice's (the last's over the
    first's): what a guest, whose voice was never enrolled, gets through. A guest's wake phrase should pass; a guest's
    near miss should not, and the enrolled voice's own takes say nothing about how near a guest's near miss comes."""
    phrase = json.load(open(os.path.join(corpus, "manifest.json")))["phrase"]
    totals = {f: collections.Counter() for f in features_list}
    tmp = tempfile.mkdtemp(prefix="near_misses-")
    pairs = each_with_the_next(corpus, "--guests") if guests else [(vd, vd) for vd in voice_dirs(corpus)]
    for host, vd in pairs:
        model = os.path.join(tmp, os.path.basename(host) + ".template.json")
        wakegate(["enroll", "--name", phrase.replace(" ", "-"), "--out", model] + ENROLL_EXTRA + takes(host))
        stream = noisy_stream(vd, noise, snr, tmp) if noise else os.path.join(vd, "stream.wav")
        segs = segments(vd)
        for features in totals:
            count(totals[features], segs, scan(model, features, extra, stream))
    shutil.rmtree(tmp)
    return phrase, totals


def household(corpus, extra=(), features_list=FEATURES, noise=None, snr=10):
    """Each voice and the next (the last with the first) as a household: one template holding both voices' takes
    (enroll, then enroll --add), scanned over both voices' streams. Counts per voice, and how many of a voice's wake
    phrases found were named as that voice."""
    phrase = json.load(open(os.path.join(corpus, "manifest.json")))["phrase"]
    totals = {f: collections.Counter() for f in features_list}
    tmp = tempfile.mkdtemp(prefix="near_misses-")
    for a, b in each_with_the_next(corpus, "--household"):
        model = os.path.join(tmp, os.path.basename(a) + "+" + os.path.basename(b) + ".template.json")
        wakegate(["enroll", "--name", phrase.replace(" ", "-"), "--voice", label(a), "--out", model] + ENROLL_EXTRA + takes(a))
        wakegate(["enroll", "--add", model, "--voice", label(b)] + ENROLL_EXTRA + takes(b))
        for vd in (a, b):
            stream = noisy_stream(vd, noise, snr, tmp) if noise else os.path.join(vd, "stream.wav")
            segs = segments(vd)
            for features in totals:
                found = scan(model, features, extra, stream)
                count(totals[features], segs, found)
                for d in found:
                    i = segment_of(d, segs)
                    if i is not None and segs[i][2] == "wake":
                        totals[features]["named n"] += 1
                        totals[features]["named hit"] += d.get("voice") == label(vd)
    shutil.rmtree(tmp)
    return phrase, totals


def each_with_the_next(corpus, option):
    """The corpus's voices, each paired with the next (the last with the first); option names what needs two or more."""
    voices = voice_dirs(corpus)
    if len(voices) < 2:
        sys.exit(f"near_misses: {option} needs a corpus of two voices or more; {corpus} has {len(voices)}. "
                 "Fix: generate it with --voices naming two or more")
    return list(zip(voices, voices[1:] + voices[:1]))


def label(vd):
    """A voice label enroll takes (letters, digits, spaces, '-', '_', '.'): the voice's folder name, "+" as "-"."""
    return os.path.basename(vd).replace("+", "-")


def voice_dirs(corpus):
    return sorted(d for d in glob.glob(os.path.join(corpus, "*")) if os.path.isdir(d))


def takes(vd):
    return [os.path.join(vd, "enroll", f"{i}.wav") for i in (1, 2, 3)]


def segments(vd):
    return [l.rstrip("\n").split("\t") for l in open(os.path.join(vd, "stream.segments.tsv"))]


def scan(model, features, extra, stream):
    """What run would accept in the stream: detector + template confirmation with the given features."""
    out = wakegate(["scan", "--json", "--model", model, "--template-features", features, "--confirm", "template"] + list(extra) + [stream])
    return [json.loads(line) for line in out.splitlines()]


def segment_of(d, segs):
    """The spoken segment a detection overlaps most, or None."""
    best, overlap = None, 0.0
    for i, s in enumerate(segs):
        o = min(float(s[1]), d["end"]) - max(float(s[0]), d["start"])
        if o > overlap:
            best, overlap = i, o
    return best


def count(totals, segs, found):
    """Adds to totals which of the stream's segments were accepted: wake phrases, each near miss, ordinary speech."""
    hit = {segment_of(d, segs) for d in found} - {None}
    for i, s in enumerate(segs):
        if s[2] == "wake":
            totals["wake n"] += 1
            totals["wake hit"] += i in hit
        elif s[2] == "near":
            totals[s[3] + " n"] += 1
            totals[s[3] + " hit"] += i in hit
        elif i in hit:
            totals["ordinary speech accepted"] += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*")
    ap.add_argument("--generate", metavar="OUT", help="make the corpora in OUT")
    ap.add_argument("--phrase", help="with --generate: this wake phrase instead of the three above")
    ap.add_argument("--near-miss", help="with --phrase: its near misses, comma-separated")
    ap.add_argument("--voices", default=VOICES, help="with --generate: the generator's voices (default: the four above)")
    ap.add_argument("--seed", type=int, default=41, help="with --generate: the generator's seed (default 41)")
    ap.add_argument("--minutes", type=float, default=4, help="with --generate: minutes of stream per voice (default 4)")
    ap.add_argument("--negatives-only", action="store_true",
                    help="with --generate: streams of ordinary speech and near misses only (more near misses per minute of audio; "
                         "the wake phrase only in the enrollment takes)")
    ap.add_argument("--extra", default="", help="more scan options for both feature sets, e.g. '--confirm-sensitivity 0.4'")
    ap.add_argument("--verifier", action="store_true", help="enroll each template with --verifier: insist on it (the default where espeak-ng is)")
    ap.add_argument("--no-verifier", action="store_true", help="enroll each template with --no-verifier, as the default was until 2026-12-07")
    ap.add_argument("--shared", default=os.environ.get("WAKEGATE_SHARED", os.path.join(HERE, "..", "shared")))
    ap.add_argument("--features", default=",".join(FEATURES), help="the feature sets to compare, comma-separated")
    ap.add_argument("--noise", help="mix this noise recording of ../shared/real/noise into the streams, e.g. doing_the_dishes")
    ap.add_argument("--snr", type=float, default=10, help="with --noise: dB of the speech over it (default 10)")
    ap.add_argument("--household", action="store_true",
                    help="each voice of a corpus with the next as a household: both voices' takes in one template (enroll --add), "
                         "scanned over both voices' streams; also counts the wake phrases named as the voice that said them")
    ap.add_argument("--guests", action="store_true",
                    help="each voice's template scanned over the next voice's stream only: wake phrases and near misses "
                         "said by a guest whose voice was never enrolled")
    a = ap.parse_args()
    if a.phrase and not (a.generate and a.near_miss):
        ap.error("--phrase goes with --generate OUT and --near-miss \"A,B,...\"")
    if a.generate:
        generate(a.generate, a.shared, {a.phrase: a.near_miss} if a.phrase else CORPORA, a.voices, a.seed, a.minutes, a.negatives_only)
        return
    features_list = tuple(a.features.split(","))
    if a.verifier or a.no_verifier:
        ENROLL_EXTRA.append("--verifier" if a.verifier else "--no-verifier")
    noise = os.path.join(a.shared, "real", "noise", a.noise + ".wav") if a.noise else None
    if noise and not os.path.isfile(noise):
        noises = sorted(f[:-4] for f in os.listdir(os.path.dirname(noise)) if f.endswith(".wav")) if os.path.isdir(os.path.dirname(noise)) else []
        ap.error(f"no noise recording {noise}: --noise takes one of {', '.join(noises) or 'the recordings in ../shared/real/noise (none found: set --shared)'}")
    where = f", {a.noise} mixed in at {a.snr:g} dB" if noise else ""
    pooled = collections.defaultdict(lambda: {f: collections.Counter() for f in features_list})
    corpora_of = collections.Counter()
    for corpus in a.corpora:
        if a.household:
            phrase, totals = household(corpus, a.extra.split(), features_list, noise, a.snr)
        else:
            phrase, totals = score(corpus, a.extra.split(), features_list, noise, a.snr, guests=a.guests)
        whose = ", households of two voices" if a.household else ", said by guests (each template over the next voice's stream)" if a.guests else ""
        print_table(f"'{phrase}' ({corpus}{where}{whose})", totals, features_list)
        corpora_of[phrase] += 1
        for f in features_list:
            pooled[phrase][f].update(totals[f])
    for phrase, totals in pooled.items():
        if corpora_of[phrase] > 1:
            print_table(f"'{phrase}', all its corpora above{where}", totals, features_list, percent=True)


def print_table(title, totals, features_list, percent=False):
    print(f"== {title}: accepted by detector + template confirmation, per feature set")
    names = sorted({k[:-2] for k in totals[features_list[0]] if k.endswith(" n") and k not in ("wake n", "named n")}, key=lambda n: (n in HOMOPHONES, n))
    print(f"  {'':28s} " + " ".join(f"{f:>20s}" for f in features_list))
    for name in ["wake", "named"] + names:
        if name in ("wake", "named") and not totals[features_list[0]][name + " n"]:
            continue   # streams of near misses and ordinary speech only; not a household
        cells = [cell(t[name + " hit"], t[name + " n"], percent) for t in totals.values()]
        label = {"wake": "wake phrase (recall)", "named": "  named as its voice"}.get(name, name + " (homophone)" if name in HOMOPHONES else name)
        print(f"  {label:28s} " + " ".join(f"{c:>20s}" for c in cells))
    print(f"  {'ordinary speech accepted':28s} " + " ".join(f"{t['ordinary speech accepted']:>20d}" for t in totals.values()) + "\n")


def cell(hit, n, percent):
    return f"{hit}/{n}" + (f" = {100 * hit / n:.1f} %" if percent and n else "")


if __name__ == "__main__":
    main()
