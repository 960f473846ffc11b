#!/usr/bin/env python3
"""A stream (or an excerpt of it) with a noise recording under it at an SNR over the louder half of its 10 ms frames.

  scripts/noisy_stream.py STREAM NOISE OUT --snr DB [--from SECONDS] [--seconds SECONDS]

The noise is looped from its start. Used by bench.sh's continuous-noise figure and arm-check.sh's confirmation in
noise. Python standard library only.
"""
import argparse, array, math, wave


def write_noisy(stream, noise, out, snr_db, start_s=0.0, seconds=None):
    with wave.open(stream) as w:
        params, rate = w.getparams(), w.getframerate()
        w.setpos(int(start_s * rate))
        speech = array.array("h", w.readframes(w.getnframes() if seconds is None else int(seconds * rate)))
    with wave.open(noise) as w:
        n = array.array("h", w.readframes(w.getnframes()))
    frames = sorted(sum(x * x for x in speech[i:i + 160]) / 160 for i in range(0, len(speech) - 160, 160))
    louder = frames[len(frames) // 2:]
    gain = math.sqrt(sum(louder) / len(louder) / (sum(x * x for x in n) / len(n)) / 10 ** (snr_db / 10))
    mixed = array.array("h", (max(-32768, min(32767, int(speech[i] + gain * n[i % len(n)]))) for i in range(len(speech))))
    with wave.open(out, "wb") as w:
        w.setparams(params)
        w.writeframes(mixed.tobytes())


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stream")
    ap.add_argument("noise")
    ap.add_argument("out")
    ap.add_argument("--snr", type=float, required=True)
    ap.add_argument("--from", dest="start", type=float, default=0.0)
    ap.add_argument("--seconds", type=float)
    a = ap.parse_args()
    write_noisy(a.stream, a.noise, a.out, a.snr, a.start, a.seconds)
