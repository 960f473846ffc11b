#!/usr/bin/env python3
"""Experiment (not part of wakegate yet): a per-word verifier trained at enroll time, behind wakegate's detectors.

Issue 18 suggests "a small verifier trained at enroll time on the takes vs. background". This measures one before it is
built into enroll and run: a logistic regression on 16 consecutive speech embeddings (1.28 s; openWakeWord's feature
models from models/openwakeword, run here with onnxruntime), trained per wake word on
  positives: the enrollment takes' windows ending at the word's end (+ --espeak-positives: espeak-ng renditions of the
             word in ten voices, two speeds, two pitches);
  negatives: the takes' own surroundings; a bank of ordinary speech: Mycroft Precise's not-wake-words-en (public domain,
             already built into wakegate as the cohort), 150 espeak-ng sentences of common words (which wakegate could
             ship as embeddings, so enroll would not need espeak-ng), with --bank-pocketsphinx Debian's
             pocketsphinx-testdata LibriVox clips (34 s); with --confusables espeak-ng one-sound-away phrases of the
             wake phrase (a consonant swapped or dropped, a plural s, the last sound dropped, each word alone,
             "a"/"the" before the last word).
Each candidate of wakegate's two detectors (scan --template-features mfcc, and embedding; what `auto` detects on) is
scored on the windows ending within 0.1 s before to 0.6 s after its detected end; a word counts as found by the verifier
if one of its candidates scores over --threshold. "union" is what `run` would accept if the verifier were asked when
the default confirmation refuses: found by the default cascade (auto + template confirmation) or by the verifier.

  scripts/verifier_experiment.py --real [--half tune] [--espeak-positives] [--confusables] --threshold 0.85,0.9
  scripts/verifier_experiment.py --near-misses OUT/hey-jasper OUT/hey-computer ... --threshold 0.85

--real: the real word sets of scripts/real_voices.py (its halves, its enrollment takes: the tuning half's first three),
false accepts over the tuning half of the other words' sets (cross negatives, as real_voices.py --cross-negatives
without not-wake-words-en, which is in the bank) and over LibriSpeech + the two noise recordings. Choose a threshold on
the tuning half's cross negatives; LibriSpeech and the reporting half are for reporting only.
--near-misses: corpora of scripts/near_misses.py; each voice enrolled from its own three takes, counted per segment.

Needs: python3 with numpy, scipy, onnxruntime; espeak-ng and sox; a built wakegate jar (--jar); ../shared.
"""
import argparse, collections, glob, hashlib, json, os, random, subprocess, sys, tempfile, wave

import numpy as np
import onnxruntime as ort

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(HERE, "scripts"))
import real_voices as rv  # noqa: E402  (its split, sets and negatives)

W = 16                     # embeddings per window: 1.28 s, as openWakeWord's classifiers
FRONT = 24000              # 1.5 s of silence before every clip, so that a window can end on its first word
from make_verifier_bank import COMMON, VOICES  # noqa: E402  (the built-in bank's sentences and voices)
CONSONANTS = [set(g) for g in (["p", "b", "t", "d", "k", "g"], ["s", "z", "S", "Z", "T", "f"], ["f", "v", "T", "D"], ["m", "n", "N"],
                               ["l", "r", "w", "j"], ["tS", "dZ", "S", "Z", "t", "d"])]
MULTI = ["aI@", "aU@", "eI", "aI", "aU", "oU", "OI", "i@", "e@", "U@", "O@", "o@", "aa", "a#", "i:", "u:", "3:", "A:", "O:", "A@", "I2",
         "I#", "@L", "@2", "@5", "tS", "dZ", "t#", "r-"]


class Embedder:
    def __init__(self, models, cache):
        so = ort.SessionOptions()
        so.intra_op_num_threads = so.inter_op_num_threads = 1
        self.mel = ort.InferenceSession(os.path.join(models, "melspectrogram.onnx"), so, providers=["CPUExecutionProvider"])
        self.emb = ort.InferenceSession(os.path.join(models, "embedding_model.onnx"), so, providers=["CPUExecutionProvider"])
        self.cache = cache

    def of_audio(self, x):
        """[T, 96]: one speech embedding per 80 ms; embedding j ends at (8j + 76) * 10 ms of the padded audio."""
        x = np.concatenate([np.zeros(FRONT, np.float32), x, np.zeros(4800, np.float32)])
        mel = self.mel.run(None, {self.mel.get_inputs()[0].name: x[None, :]})[0].squeeze() / 10 + 2
        frames = [mel[i:i + 76] for i in range(0, mel.shape[0] - 75, 8)]
        b = np.stack(frames)[:, :, :, None].astype(np.float32)
        return np.concatenate([self.emb.run(None, {self.emb.get_inputs()[0].name: b[i:i + 64]})[0].reshape(-1, 96) for i in range(0, len(b), 64)])

    def of(self, path):
        f = os.path.join(self.cache, hashlib.md5(path.encode()).hexdigest() + ".npy")
        if os.path.exists(f):
            return np.load(f)
        e = self.of_audio(read(path))
        np.save(f, e)
        return e


def read(path):
    with wave.open(path) as w:
        if w.getframerate() != 16000 or w.getnchannels() != 1 or w.getsampwidth() != 2:
            sys.exit(f"verifier_experiment: {path} is not 16 kHz mono 16-bit")
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32)


def end_time(j):
    return (8 * j + 76) * 0.01 - FRONT / 16000


def windows(e):
    return np.stack([e[j - W + 1:j + 1].ravel() for j in range(W - 1, len(e))]) if len(e) >= W else np.zeros((0, W * 96), np.float32)


def word_span(x):
    f = np.array([np.mean(x[i:i + 160] ** 2) for i in range(0, len(x) - 159, 160)]) + 1e-3
    active = np.where(10 * np.log10(f) > 10 * np.log10(f.max()) - 30)[0]
    return active[0] * 0.01, (active[-1] + 1) * 0.01


def take_windows(embedder, path, after):
    """Windows ending on the word (0.1 s before to 0.35 s after its end, both moved by `after`, --after), and windows
    clear of it: ending within 0.15 s of its start, or over 1.2 s after that moved end."""
    start, end = word_span(read(path))
    end += after
    e = embedder.of(path)
    pos, neg = [], []
    for j in range(W - 1, len(e)):
        t, w = end_time(j), e[j - W + 1:j + 1].ravel()
        if end - 0.1 <= t <= end + 0.35:
            pos.append(w)
        elif t < start + 0.15 or t > end + 1.2:
            neg.append(w)
    return pos, neg


class Speaker:
    def __init__(self, cache):
        self.cache = cache

    def __call__(self, text, voice, speed, pitch):
        out = os.path.join(self.cache, hashlib.md5(repr((text, voice, speed, pitch)).encode()).hexdigest()[:16] + ".wav")
        if not os.path.exists(out):
            raw = out + ".raw.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", raw, text], check=True, capture_output=True)
            subprocess.run(["sox", raw, "-r", "16000", "-c", "1", "-b", "16", out, "pad", "0.5", "0.5"], check=True, capture_output=True)
            os.remove(raw)
        return out


def confusables(phrase):
    """espeak-ng inputs one sound away from the phrase. Vowels are kept: a vowel swapped is often the same word in another accent."""
    words = subprocess.run(["espeak-ng", "-q", "-x", "-v", "en-us", phrase], capture_output=True, text=True).stdout.split()

    def tokens(w):
        out, i = [], 0
        while i < len(w):
            m = next((m for m in MULTI if w.startswith(m, i)), w[i])
            out.append(m)
            i += len(m)
        return out

    toks = [tokens(w) for w in words]
    found = set()
    for wi, t in enumerate(toks):
        for pi, p in enumerate(t):
            groups = [g for g in CONSONANTS if p in g]
            for q in (set().union(*groups) - {p}) | {""} if groups else ():
                w = "".join(t[:pi] + ([q] if q else []) + t[pi + 1:])
                if w.replace("'", "").replace(",", ""):
                    found.add(" ".join(words[:wi] + [w] + words[wi + 1:]))
    whole = " ".join(words)
    found |= {whole + "z", whole + "s"}
    if len(toks[-1]) > 2:
        found.add(" ".join(words[:-1] + ["".join(toks[-1][:-1])]))
    last = phrase.split()[-1]
    return ["[[" + c + "]]" for c in sorted(found - {whole})] + (phrase.split() if len(phrase.split()) > 1 else []) + ["a " + last, "the " + last]


def train(P, N, l2):
    """Class-balanced L2-regularised logistic regression on standardised windows; returns a scoring function."""
    from scipy.optimize import minimize
    X = np.concatenate([P, N]).astype(np.float64)
    y = np.concatenate([np.ones(len(P)), np.zeros(len(N))])
    mu, sd = X.mean(0), X.std(0) + 1e-6
    Xs = (X - mu) / sd
    weight = np.where(y == 1, 0.5 / len(P), 0.5 / len(N))

    def loss(theta):
        w, b = theta[:-1], theta[-1]
        z = Xs @ w + b
        g = (1 / (1 + np.exp(-z)) - y) * weight
        return (np.sum(weight * (np.logaddexp(0, z) - y * z)) + 0.5 * l2 / len(X) * w @ w,
                np.concatenate([Xs.T @ g + l2 / len(X) * w, [g.sum()]]))

    theta = minimize(loss, np.zeros(X.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": 300}).x
    return lambda Z: 1 / (1 + np.exp(-(((Z - mu) / sd) @ theta[:-1] + theta[-1])))


class Experiment:
    def __init__(self, a):
        self.a = a
        for sub in ("emb", "tts"):
            os.makedirs(os.path.join(a.cache, sub), exist_ok=True)
        self.embedder = Embedder(os.path.join(HERE, "models", "openwakeword"), os.path.join(a.cache, "emb"))
        self.speak = Speaker(os.path.join(a.cache, "tts"))
        self.tmp = tempfile.mkdtemp(prefix="wakegate-verifier-")
        self._bank = None

    def bank(self):
        if self._bank is None:
            rng = random.Random(7)
            sentences = [(" ".join(rng.choice(COMMON) for _ in range(rng.randint(5, 10))), rng.choice(VOICES), rng.choice([140, 170, 200]),
                          rng.choice([30, 50, 70])) for _ in range(150)]
            files = [self.speak(*s) for s in sentences] + sorted(glob.glob(os.path.join(self.a.shared, "real", "precise-community", "not-wake-words-en", "*.wav")))
            if self.a.bank_pocketsphinx:
                files += sorted(glob.glob("/usr/share/pocketsphinx/test/data/*/*.wav"))
            self._bank = np.concatenate([windows(self.embedder.of(f)) for f in files])
        return self._bank

    def verifier(self, takes, phrase):
        P, N = [], []
        for f in takes:
            p, n = take_windows(self.embedder, f, self.a.after)
            P += p
            N += n
        positives = np.array(P)
        if self.a.espeak_positives:
            S = []
            for f in [self.speak(phrase, v, s, p) for v in VOICES for s in (140, 175) for p in (35, 60)]:
                p, n = take_windows(self.embedder, f, self.a.after)
                S += p
                N += n
            positives = np.concatenate([np.repeat(positives, max(1, len(S) // len(positives)), 0), np.array(S)])
        negatives = [np.array(N).reshape(-1, W * 96), self.bank()]
        if self.a.confusables:
            near = [windows(self.embedder.of(self.speak(c, v, s, 50))) for c in confusables(phrase)
                    for v in VOICES[:self.a.confusable_voices] for s in self.a.confusable_speeds]
            negatives += near * self.a.confusable_weight
        return train(positives, np.concatenate(negatives), self.a.l2)

    def wakegate(self, args):
        p = subprocess.run([os.environ.get("JAVA", "java"), "-jar", self.a.jar] + args, capture_output=True, text=True)
        if p.returncode:
            sys.exit(f"verifier_experiment: wakegate {' '.join(args[:3])} failed:\n{p.stderr[-800:]}")
        return [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]

    def scan(self, model, files, extra):
        return [d for i in range(0, len(files), 200) for d in self.wakegate(["scan", "--json", "--model", model] + extra + files[i:i + 200])]

    def candidates(self, model, files):
        return self.scan(model, files, ["--template-features", "mfcc"]) + self.scan(model, files, ["--template-features", "embedding"])

    def score(self, verifier, detection):
        e = self.embedder.of(detection["file"])
        s = verifier(windows(e))
        end = detection["end"] + self.a.after
        near = [x for j, x in enumerate(s) if end - 0.1 <= end_time(j + W - 1) <= end + 0.6]
        return float(max(near)) if near else 0.0

    def enroll(self, takes):
        model = os.path.join(self.tmp, "m.json")
        self.wakegate(["enroll", "--name", "wake", "--out", model] + takes)
        return model


def real(x, thresholds):
    a = x.a
    phrase = {"athena": "athena", "computer (Precise)": "computer", "computer (Picovoice)": "computer", "alexa (Picovoice)": "alexa"}
    root = os.path.join(a.shared, "real")
    rows = {}
    for name, rel in rv.SETS:
        if name not in phrase:
            continue  # "hey computer": one tuning take after the three enrolled
        files = sorted(glob.glob(os.path.join(root, rel, "*.wav")))
        tune = [f for f in files if rv.half_of(f) == 0]
        takes = tune[:3]
        test = tune[3:] if a.half == "tune" else [f for f in files if rv.half_of(f) == 1]
        model, verifier = x.enroll(takes), x.verifier(takes, phrase[name])
        cross = [f for f in rv.cross_negatives(root, name) if "not-wake-words" not in f]
        libri = sorted(glob.glob(os.path.join(root, "librispeech", "*.wav"))) + [os.path.join(root, "noise", n) for n in rv.NOISES]
        row = {}
        for kind, fl in (("takes", test), ("cross", cross), ("libri", libri)):
            best = {}
            for d in x.candidates(model, fl):
                best[d["file"]] = max(best.get(d["file"], 0.0), x.score(verifier, d))
            row[kind] = (len(fl), best, {d["file"] for d in x.scan(model, fl, ["--confirm", "template"])})
        rows[name] = row
        print(f"  {name}: {row['takes'][0]} takes, {len(row['takes'][1])} with a candidate, the default finds {len(row['takes'][2])}", flush=True)
    libri_min = rv.seconds(sorted(glob.glob(os.path.join(root, "librispeech", "*.wav"))) + [os.path.join(root, "noise", n) for n in rv.NOISES]) / 60
    for t in thresholds:
        n = verified = union = default = 0
        fa = collections.Counter()
        parts = []
        for name, row in rows.items():
            count, best, confirmed = row["takes"]
            accepted = {f for f, s in best.items() if s > t}
            n += count
            verified += len(accepted)
            union += len(accepted | confirmed)
            default += len(confirmed)
            for kind in ("cross", "libri"):
                fa[kind] += len({f for f, s in row[kind][1].items() if s > t} | row[kind][2])
            parts.append(f"{name} {len(accepted | confirmed)}/{count}")
        print(f"threshold {t}: union {union}/{n} = {100 * union / n:.1f} % (verifier alone {100 * verified / n:.1f} %, default {100 * default / n:.1f} %); "
              f"files with a false accept: cross negatives {fa['cross']}, LibriSpeech + noise {fa['libri']} ({len(rows)} words x {libri_min:.0f} min) | " + "; ".join(parts))


def near_misses(x, corpora, thresholds):
    found = {t: collections.Counter() for t in thresholds}
    default, total = collections.Counter(), collections.Counter()
    for corpus in corpora:
        phrase = json.load(open(os.path.join(corpus, "manifest.json")))["phrase"]
        for voice in sorted(glob.glob(os.path.join(corpus, "*", "stream.wav"))):
            d = os.path.dirname(voice)
            takes = sorted(glob.glob(os.path.join(d, "enroll", "*.wav")))
            model, verifier = x.enroll(takes), x.verifier(takes, phrase)
            segments = [(float(r[0]), float(r[1]), r[2], r[3] if len(r) > 3 else "") for r in
                        (line.rstrip("\n").split("\t") for line in open(os.path.join(d, "stream.segments.tsv")))]
            key = lambda s: (phrase, s[3] if s[2] == "near" else s[2])  # noqa: E731
            for s in segments:
                total[key(s)] += 1

            def segment(det):
                overlap = [(min(det["end"], s[1]) - max(det["start"], s[0]), s) for s in segments]
                o, s = max(overlap, key=lambda p: p[0])
                return s if o > 0 else None

            scored = [(segment(det), x.score(verifier, det)) for det in x.candidates(model, [voice])]
            for t in thresholds:
                for s in {s for s, score in scored if score > t} - {None}:
                    found[t][key(s)] += 1
            for s in {segment(det) for det in x.scan(model, [voice], ["--confirm", "template"])} - {None}:
                default[key(s)] += 1
            print(f"  {d}: done", file=sys.stderr, flush=True)
    kinds = sorted(k for k in total if k[1] not in ("command",))
    print("phrase          segment              default  " + "  ".join(f"verifier@{t}" for t in thresholds) + "   of")
    for k in kinds:
        print(f"{k[0]:15s} {k[1]:20s} {default[k]:7d}  " + "  ".join(f"{found[t][k]:12d}" for t in thresholds) + f"   {total[k]}")
    print("(verifier@T: what the verifier alone accepts over T; the default and the verifier together accept at most the sum)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.environ.get("WAKEGATE_SHARED", os.path.join(HERE, "..", "shared")))
    ap.add_argument("--jar", default=os.path.join(HERE, "target", "wakegate.jar"))
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "wakegate-verifier-cache"))
    ap.add_argument("--real", action="store_true")
    ap.add_argument("--half", choices=["tune", "report"], default="tune")
    ap.add_argument("--near-misses", nargs="*", default=[])
    ap.add_argument("--threshold", default="0.85,0.88,0.9,0.92")
    ap.add_argument("--l2", type=float, default=3000)
    ap.add_argument("--espeak-positives", action="store_true")
    ap.add_argument("--confusables", action="store_true")
    ap.add_argument("--bank-pocketsphinx", action="store_true")
    ap.add_argument("--confusable-voices", type=int, default=5, help="with --confusables: how many of the ten espeak-ng voices say each")
    ap.add_argument("--confusable-speeds", type=lambda v: [int(x) for x in v.split(",")], default=[160], help="words per minute, e.g. 140,180")
    ap.add_argument("--confusable-weight", type=int, default=1, help="each confusable window counted this many times among the negatives")
    ap.add_argument("--after", type=float, default=0.0, help="the verifier's windows end this many seconds after the word (0: at it)")
    a = ap.parse_args()
    thresholds = [float(t) for t in a.threshold.split(",")]
    x = Experiment(a)
    if a.real:
        real(x, thresholds)
    if a.near_misses:
        near_misses(x, a.near_misses, thresholds)


if __name__ == "__main__":
    main()
