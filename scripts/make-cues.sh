#!/usr/bin/env bash
# Regenerates the bundled cues: src/main/resources/cues/{awake,done,alarm}.wav (16 kHz mono 16-bit, under 0.5 s each).
# awake: two soft rising notes (E5, A5) when the wake word is confirmed and streaming starts;
# done:  the same notes falling (A5, E5) when the session ends;
# alarm: three quick C6 beeps, repeated every few seconds while a finished timer rings.
# Sine tones with a short attack and a smooth release, at -16 dBFS (the alarm at -10 dBFS: it must be heard across the
# room), so they are clear but not startling.
# Deterministic for the same sox version (-R). Needs: sox.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/src/main/resources/cues"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v sox >/dev/null || { echo "make-cues: sox is missing. Fix: sudo apt install sox" >&2; exit 1; }
mkdir -p "$out"

note() { # $1 = file, $2 = frequency (Hz), $3 = length (s)
  sox -R -D -V1 -n -r 16000 -c 1 -b 16 "$tmp/$1.wav" \
    synth "$3" sine "$2" sine "$(echo "$2 * 2" | bc -l)" remix 1v0.85,2v0.15 \
    fade q 0.006 "$3" "$(echo "$3 * 0.7" | bc -l)" gain -n -16
}
beep() { # $1 = file, $2 = frequency (Hz), $3 = length (s)
  sox -R -D -V1 -n -r 16000 -c 1 -b 16 "$tmp/$1.wav" \
    synth "$3" sine "$2" sine "$(echo "$2 * 3" | bc -l)" remix 1v0.8,2v0.2 \
    fade q 0.004 "$3" 0.02 gain -n -10
}
gap() { sox -R -D -V1 -n -r 16000 -c 1 -b 16 "$tmp/$1.wav" trim 0 "$2"; }

note e5 659.25 0.09
note a5 880.00 0.14
note a5s 880.00 0.09
note e5l 659.25 0.14
gap g 0.025
sox -R -D -V1 "$tmp/e5.wav" "$tmp/g.wav" "$tmp/a5.wav" "$out/awake.wav"
sox -R -D -V1 "$tmp/a5s.wav" "$tmp/g.wav" "$tmp/e5l.wav" "$out/done.wav"
beep c6 1046.50 0.09
gap ga 0.06
sox -R -D -V1 "$tmp/c6.wav" "$tmp/ga.wav" "$tmp/c6.wav" "$tmp/ga.wav" "$tmp/c6.wav" "$out/alarm.wav"
for f in awake done alarm; do
  printf '%s: %s s, %s bytes\n' "$f.wav" "$(soxi -D "$out/$f.wav")" "$(stat -c %s "$out/$f.wav")"
done
