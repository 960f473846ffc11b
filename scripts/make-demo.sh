#!/usr/bin/env bash
# Regenerates the bundled demo: src/main/resources/demo/{demo.wav,demo.labels.tsv,hey-computer.json}.
# Speech by espeak-ng, assembled with sox; the template is enrolled by wakegate itself from three takes.
# Deterministic for the same espeak-ng and sox versions. Needs: espeak-ng sox, and a built target/wakegate.jar.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/src/main/resources/demo"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "make-demo: $tool is missing. Fix: sudo apt install espeak-ng sox" >&2; exit 1; }
done
voice=en-us+m3
say() { # $1 = file stem, $2 = text, $3 = speed (words/min), $4 = pitch (0-99)
  espeak-ng -v "$voice" -s "$3" -p "$4" -w "$tmp/$1.raw.wav" "$2"
  sox -R -D -V1 "$tmp/$1.raw.wav" -r 16000 -c 1 -b 16 "$tmp/$1.wav" silence 1 0.01 -45d reverse silence 1 0.01 -45d reverse
}
gap() { sox -R -D -V1 -n -r 16000 -c 1 -b 16 "$tmp/$1.wav" trim 0 "$2"; }

# three enrollment takes, slightly different speed and pitch, with silence around them
for i in 1 2 3; do
  say "take$i" "hey computer" $((165 + 6 * i)) $((46 + 2 * i))
  gap pad 0.3
  sox -R -D -V1 "$tmp/pad.wav" "$tmp/take$i.wav" "$tmp/pad.wav" "$tmp/enroll$i.wav"
done

# the demo recording: ordinary speech, three wake phrases each followed by a command, one near miss
parts=() labels=()
t=0
add() { # $1 = stem, $2 = kind (speech|wake|command|near|gap), $3 = text
  local d; d=$(soxi -D "$tmp/$1.wav")
  [ "$2" = gap ] || labels+=("$(printf '%.3f\t%.3f\t%s\t%s' "$t" "$(echo "$t + $d" | bc -l)" "$2" "$3")")
  parts+=("$tmp/$1.wav"); t=$(echo "$t + $d" | bc -l)
}
gap g1 1.0; gap g5 0.5; gap g3 0.3; gap g2 2.0
say s1 "Good morning. The kettle is on, and the bread is almost ready." 160 50
say s2 "I think we should leave at eight. The traffic will be terrible." 160 50
say s3 "Did you call your sister back about the weekend?" 160 50
say s4 "The plants on the balcony need water again." 160 50
say w1 "hey computer" 170 50; say c1 "what is the weather like tomorrow" 165 50
say w2 "hey computer" 168 52; say c2 "turn on the kitchen lights" 165 52
say w3 "hey computer" 172 48; say c3 "set a timer for ten minutes" 165 48
say n1 "hey commuter" 170 50
add g1 gap ""; add s1 speech "Good morning. The kettle is on, and the bread is almost ready."; add g5 gap ""
add w1 wake "hey computer"; add g3 gap ""; add c1 command "what is the weather like tomorrow"; add g2 gap ""
add s2 speech "I think we should leave at eight. The traffic will be terrible."; add g5 gap ""
add n1 near "hey commuter"; add g1 gap ""
add s3 speech "Did you call your sister back about the weekend?"; add g2 gap ""
add w2 wake "hey computer"; add g3 gap ""; add c2 command "turn on the kitchen lights"; add g2 gap ""
add s4 speech "The plants on the balcony need water again."; add g5 gap ""
add w3 wake "hey computer"; add g3 gap ""; add c3 command "set a timer for ten minutes"; add g1 gap ""
sox -R -D -V1 "${parts[@]}" "$tmp/dry.wav"
# a quiet room: pink noise 35 dB under the speech
sox -R -D -V1 "$tmp/dry.wav" -p synth pinknoise vol 0.006 | sox -R -D -V1 -m "$tmp/dry.wav" - -b 16 "$out/demo.wav"
printf '%s\n' "${labels[@]}" > "$out/demo.labels.tsv"

java_run=("$here/wakegate")
"${java_run[@]}" enroll --name hey-computer --out "$out/hey-computer.json" "$tmp/enroll1.wav" "$tmp/enroll2.wav" "$tmp/enroll3.wav"
sed -i 's/"created": "[^"]*"/"created": "2026-01-01T00:00:00Z"/' "$out/hey-computer.json"
echo "make-demo: wrote $out/demo.wav ($(soxi -D "$out/demo.wav") s), demo.labels.tsv and hey-computer.json"
