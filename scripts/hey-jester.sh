#!/usr/bin/env bash
# The open issue's own near-miss example, as a user would try it: "hey jasper" enrolled from three takes of one
# espeak-ng voice (rates 150/170/160, pitches 45/55/50), then "hey jester, pass the salt", "hey casper, pass the salt"
# and "hey jasper, pass the salt" said in that voice, 1.5 s apart, through `run` with the default features and with
# log mel alone (--template-features mfcc). Prints what each confirmed or refused, per voice.
#
#   scripts/hey-jester.sh [--features LIST] [VOICE ...]   # espeak-ng voices; default: eight English ones
#                                                        # LIST: template features, default "default,mfcc"
#
# Needs espeak-ng, sox, python3 and a built target/wakegate.jar; java 21+ as $JAVA (default: java). Takes ~1 minute.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${WAKEGATE_JAR:-$here/target/wakegate.jar}
java=${JAVA:-java}
for tool in espeak-ng sox python3; do command -v "$tool" >/dev/null || { echo "hey-jester: $tool is missing. Fix: apt install espeak-ng sox python3" >&2; exit 1; }; done
[ -f "$jar" ] || { echo "hey-jester: $jar is missing. Fix: ./mvnw -q -B -DskipTests package" >&2; exit 1; }
feature_sets=(default mfcc)
if [ "${1:-}" = --features ]; then IFS=, read -r -a feature_sets <<<"$2"; shift 2; fi
voices=("$@")
[ ${#voices[@]} -gt 0 ] || voices=(en-us en-us+m1 en-us+f2 en-us+f4 en-gb en-gb+m3 en+Alex en-gb-x-rp)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

verdicts() { # the stream's confirmed/refused candidates, named by which phrase they fall in
  python3 -c '
import json, sys
ends = [float(x) for x in sys.argv[1:]]
names = ["hey jester", "hey casper", "hey jasper"]
out = []
for line in sys.stdin:
    e = json.loads(line)
    if e.get("type") not in ("confirmed", "rejected"): continue
    phrase = next((n for n, end in zip(names, ends) if e["t"] <= end), "after")
    out.append("%s %s (%.2f)" % (phrase, "accepted" if e["type"] == "confirmed" else "refused", e["score"]))
print("; ".join(out) or "nothing detected")' "$@"
}

seconds() { soxi -D "$1"; }

for voice in "${voices[@]}"; do
  d="$work/$voice"
  mkdir -p "$d"
  espeak-ng -v "$voice" -s 150 -p 45 -w "$d/take1.wav" "hey jasper"
  espeak-ng -v "$voice" -s 170 -p 55 -w "$d/take2.wav" "hey jasper"
  espeak-ng -v "$voice" -s 160 -p 50 -w "$d/take3.wav" "hey jasper"
  for word in jester casper jasper; do espeak-ng -v "$voice" -s 160 -p 50 -w "$d/$word.wav" "hey $word, pass the salt"; done
  sox -R -n -r 22050 -c 1 -b 16 "$d/pause.wav" trim 0 1.5   # -R: the same dither every run (a faint floor, as a microphone has)
  sox -R "$d/pause.wav" "$d/jester.wav" "$d/pause.wav" "$d/casper.wav" "$d/pause.wav" "$d/jasper.wav" "$d/pause.wav" "$d/stream.wav"
  # where each phrase's audio ends in the stream (a verdict comes after its word, before the next phrase starts)
  e1=$(python3 -c "print(1.5 + $(seconds "$d/jester.wav") + 1.0)")
  e2=$(python3 -c "print($e1 + 0.5 + $(seconds "$d/casper.wav") + 1.0)")
  e3=$(python3 -c "print($e2 + 0.5 + $(seconds "$d/jasper.wav") + 1.5)")
  "$java" -jar "$jar" enroll --name hey-jasper --out "$d/hey-jasper.json" "$d"/take{1,2,3}.wav >/dev/null
  for features in "${feature_sets[@]}"; do
    extra=()
    [ "$features" = default ] || extra=(--template-features "$features")
    events=$("$java" -jar "$jar" run --input "$d/stream.wav" --model "$d/hey-jasper.json" "${extra[@]}" \
      --uplink http://127.0.0.1:9/unused --gpio mock --events-json --audit-log "$d/audit-$features.jsonl" 2>/dev/null)
    printf '%-12s %-8s %s\n' "$voice" "$features" "$(grep '^{' <<<"$events" | verdicts "$e1" "$e2" "$e3")"
  done
done
