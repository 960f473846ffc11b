#!/usr/bin/env python3
"""Near misses: how often phrases that merely sound like the wake phrase get through, per near miss.

  scripts/near_misses.py --generate OUT      # makes the three corpora below with ../shared/corpus/make-corpus.sh
  scripts/near_misses.py OUT/hey-jasper OUT/hey-computer OUT/okay-rhasspy

  # your own wake phrase and the phrases you fear it will take (needs espeak-ng, flite and sox):
  scripts/near_misses.py --generate OUT --phrase "hey jarvis" --near-miss "hey garvis,hey jarvey,jarvis,hey service"
  scripts/near_misses.py --extra "--sensitivity 0.4" OUT/hey-jarvis

Each corpus is the dev corpus's generator run for one wake phrase with its near misses, in four voices that nothing
was tuned on (flite awb and rms, espeak en-gb+m4 and en-us+f3; seed 41, 4-minute streams). Per voice, the wake word is
enrolled from that voice's own three takes, and its stream (sentences, the wake phrase with commands, near misses) is
scanned as `run` decides: detector + template confirmation, with each feature set (mfcc, embedding, both: log-mel
detection confirmed on both, and auto, the default: both for a candidate clearly over its background, else mfcc). Printed per phrase: the wake
phrases found in the streams and, per near miss, how many of its renditions were accepted; the near-homophones (the
wake phrase itself said another way: "hey come pewter", "okay raspy", "ohh kay rhasspy") last and marked, since
accepting those is right.
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
FEATURES = ("mfcc", "embedding", "both", "auto")


def wakegate(args):
    p = subprocess.run([os.environ.get("JAVA", "java"), "-jar", os.environ.get("WAKEGATE_JAR", os.path.join(HERE, "target", "wakegate.jar"))] + args,
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"near_misses: wakegate {' '.join(args[:3])} failed:\n{p.stderr[-1500:]}")
    return p.stdout


def generate(out, shared, corpora):
    for phrase, near in corpora.items():
        d = os.path.join(out, phrase.replace(" ", "-"))
        subprocess.run([os.path.join(shared, "corpus", "make-corpus.sh"), "--phrase", phrase, "--near-miss", near, "--voices", VOICES,
                        "--seed", "41", "--minutes", "4", "--out", d], check=True, capture_output=True)
        print(f"near_misses: made {d}")


def noisy_stream(vd, noise, snr, tmp):
    """The voice's stream with a real noise recording mixed in under its speech at snr dB (the takes stay clean)."""
    from real_voices import mixed, read, write
    out = os.path.join(tmp, os.path.basename(vd) + ".wav")
    write(out, mixed(read(os.path.join(vd, "stream.wav")), read(noise), snr, random.Random(41)))
    return out


def score(corpus, extra=(), features_list=FEATURES, noise=None, snr=10):
    phrase = json.load(open(os.path.join(corpus, "manifest.json")))["phrase"]
    totals = {f: collections.Counter() for f in features_list}
    tmp = tempfile.mkdtemp(prefix="near_misses-")
    for vd in sorted(d for d in glob.glob(os.path.join(corpus, "*")) if os.path.isdir(d)):
        model = os.path.join(tmp, os.path.basename(vd) + ".template.json")
        wakegate(["enroll", "--name", phrase.replace(" ", "-"), "--out", model] + [os.path.join(vd, "enroll", f"{i}.wav") for i in (1, 2, 3)])
        segs = [l.rstrip("\n").split("\t") for l in open(os.path.join(vd, "stream.segments.tsv"))]
        stream = noisy_stream(vd, noise, snr, tmp) if noise else os.path.join(vd, "stream.wav")
        for features in totals:
            out = wakegate(["scan", "--json", "--model", model, "--template-features", features, "--confirm", "template"]
                           + list(extra) + [stream])
            hit = set()
            for line in out.splitlines():
                d = json.loads(line)
                best, overlap = None, 0.0
                for i, s in enumerate(segs):
                    o = min(float(s[1]), d["end"]) - max(float(s[0]), d["start"])
                    if o > overlap:
                        best, overlap = i, o
                if best is not None:
                    hit.add(best)
            for i, s in enumerate(segs):
                if s[2] == "wake":
                    totals[features]["wake n"] += 1
                    totals[features]["wake hit"] += i in hit
                elif s[2] == "near":
                    totals[features][s[3] + " n"] += 1
                    totals[features][s[3] + " hit"] += i in hit
                elif i in hit:
                    totals[features]["ordinary speech accepted"] += 1
    shutil.rmtree(tmp)
    return phrase, totals


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*")
    ap.add_argument("--generate", metavar="OUT", help="make the corpora in OUT")
    ap.add_argument("--phrase", help="with --generate: this wake phrase instead of the three above")
    ap.add_argument("--near-miss", help="with --phrase: its near misses, comma-separated")
    ap.add_argument("--extra", default="", help="more scan options for both feature sets, e.g. '--confirm-sensitivity 0.4'")
    ap.add_argument("--shared", default=os.environ.get("WAKEGATE_SHARED", os.path.join(HERE, "..", "shared")))
    ap.add_argument("--features", default=",".join(FEATURES), help="the feature sets to compare, comma-separated")
    ap.add_argument("--noise", help="mix this noise recording of ../shared/real/noise into the streams, e.g. doing_the_dishes")
    ap.add_argument("--snr", type=float, default=10, help="with --noise: dB of the speech over it (default 10)")
    a = ap.parse_args()
    if a.phrase and not (a.generate and a.near_miss):
        ap.error("--phrase goes with --generate OUT and --near-miss \"A,B,...\"")
    if a.generate:
        generate(a.generate, a.shared, {a.phrase: a.near_miss} if a.phrase else CORPORA)
        return
    features_list = tuple(a.features.split(","))
    noise = os.path.join(a.shared, "real", "noise", a.noise + ".wav") if a.noise else None
    for corpus in a.corpora:
        phrase, totals = score(corpus, a.extra.split(), features_list, noise, a.snr)
        where = f", {a.noise} mixed in at {a.snr:g} dB" if noise else ""
        print(f"== '{phrase}' ({corpus}{where}): accepted by detector + template confirmation, per feature set")
        names = sorted({k[:-2] for k in totals[features_list[0]] if k.endswith(" n") and k != "wake n"}, key=lambda n: (n in HOMOPHONES, n))
        print(f"  {'':28s} " + " ".join(f"{f:>14s}" for f in features_list))
        for name in ["wake"] + names:
            cells = [f"{t[name + ' hit']}/{t[name + ' n']}" for t in totals.values()]
            label = "wake phrase (recall)" if name == "wake" else name + " (homophone)" if name in HOMOPHONES else name
            print(f"  {label:28s} " + " ".join(f"{c:>14s}" for c in cells))
        print(f"  {'ordinary speech accepted':28s} " + " ".join(f"{t['ordinary speech accepted']:>14d}" for t in totals.values()) + "\n")


if __name__ == "__main__":
    main()
