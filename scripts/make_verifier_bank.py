#!/usr/bin/env python3
"""Makes the verifier's built-in bank of ordinary speech again
(src/main/resources/dev/wakegate/detect/template/verifier-bank-en.bin): the speech embeddings, never the audio, of
Mycroft Precise's not-wake-words-en (public domain; ../shared/real/precise-community) and of 150 espeak-ng sentences of
common English words in ten voices, three speeds and three pitches (seeded: the same packages give the same bank),
computed with the bundled embedding model by scripts/MakeVerifierBank.java. Run it after the embedding model changes: a
bank made with another model is not used (enroll --verifier then makes no verifier). sox resamples without dither (-D),
so the same packages give the same bank; the committed bank was made (2026-12-07) before -D, with sox's random dither,
which changes the sentences' embeddings where they are near silence: a bank made again differs, and the verifier's
figures (docs/measured.md) must be measured again with it.

  scripts/make_verifier_bank.py            # needs espeak-ng, sox, java 21+ and a built target/wakegate.jar
"""
import os, random, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOICES = ["en-us", "en-gb", "en-gb-x-rp", "en-029", "en-us-nyc", "en-us+f2", "en-us+m3", "en-gb+f3", "en-gb-x-gbclan", "en-us+m6"]
COMMON = ("the of and to in is you that it he was for on are as with his they at be this have from or one had by word but "
          "not what all were we when your can said there use an each which she do how their if will up other about out many "
          "then them these so some her would make like him into time has look two more write go see number no way could people "
          "my than first water been call who oil its now find long down day did get come made may part over new sound take only "
          "little work know place year live me back give most very after thing our just name good sentence man think say great "
          "where help through much before line right too mean old any same tell boy follow came want show also around form three "
          "small set put end does another well large must big even such because turn here why ask went men read need land "
          "different home us move try kind hand picture again change off play spell air away animal house point page letter "
          "mother answer found study still learn should america world kitchen music dinner light window table morning evening").split()


def sentences(count=150, seed=7):
    """(text, voice, words per minute, pitch) for each sentence, in order."""
    rng = random.Random(seed)
    return [(" ".join(rng.choice(COMMON) for _ in range(rng.randint(5, 10))), rng.choice(VOICES), rng.choice([140, 170, 200]),
             rng.choice([30, 50, 70])) for _ in range(count)]


def speak(text, voice, speed, pitch, out):
    """espeak-ng saying text, as 16 kHz mono 16-bit with 0.5 s of silence either side."""
    raw = out + ".raw.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", raw, text], check=True, capture_output=True)
    subprocess.run(["sox", "-D", raw, "-r", "16000", "-c", "1", "-b", "16", out, "pad", "0.5", "0.5"], check=True, capture_output=True)
    os.remove(raw)


def main():
    shared = os.environ.get("WAKEGATE_SHARED", os.path.join(HERE, "..", "shared"))
    words = os.path.join(shared, "real", "precise-community", "not-wake-words-en")
    if not os.path.isdir(words):
        sys.exit(f"make-verifier-bank: no {words}. Fix: set WAKEGATE_SHARED to the shared test data")
    tmp = tempfile.mkdtemp(prefix="wakegate-bank-")
    try:
        for i, s in enumerate(sentences()):
            speak(*s, os.path.join(tmp, f"sentence-{i:03d}.wav"))
        out = os.path.join(HERE, "src", "main", "resources", "dev", "wakegate", "detect", "template", "verifier-bank-en.bin")
        subprocess.run([os.environ.get("JAVA", "java"), "-cp", os.path.join(HERE, "target", "wakegate.jar"),
                        os.path.join(HERE, "scripts", "MakeVerifierBank.java"), out, words, tmp], check=True, cwd=HERE)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
