#!/usr/bin/env bash
# Both sides of the plural check, as a user would try it: "hey jasper" enrolled from three takes of one espeak-ng voice
# (rates 150/170/160, pitches 45/55/50), then, in that voice, two plurals ("hey jaspers are my favourite", "the two
# jaspers said hello") and commands that start with an s, said in one breath ("hey jasper set a timer for ten minutes",
# "hey jasper stop the music", "hey jasper switch off the lights": espeak-ng leaves no pause) and after a breath ("hey
# jasper, set a timer for ten minutes"), and one that does not start with an s ("hey jasper what time is it"). Each
# sentence is scanned as run decides (detector + template confirmation), by default and with --allow-trailing-s.
# Prints, per voice, how many of each group were accepted.
#
#   scripts/trailing-s.sh [--features F] [VOICE ...]   # espeak-ng voices; default: eight English ones
#                                                     # --features: scan's --template-features (default: scan's own)
#
# Needs espeak-ng, sox and a built target/wakegate.jar; java 21+ as $JAVA (default: java). Takes ~2 minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${WAKEGATE_JAR:-$here/target/wakegate.jar}
java=${JAVA:-java}
for tool in espeak-ng sox; do command -v "$tool" >/dev/null || { echo "trailing-s: $tool is missing. Fix: apt install espeak-ng sox" >&2; exit 1; }; done
[ -f "$jar" ] || { echo "trailing-s: $jar is missing. Fix: ./mvnw -q -B -DskipTests package" >&2; exit 1; }
features=()
if [ "${1:-}" = --features ]; then features=(--template-features "$2"); shift 2; fi
voices=("$@")
[ ${#voices[@]} -gt 0 ] || voices=(en-us en-us+m1 en-us+f2 en-us+f4 en-gb en-gb+m3 en+Alex en-gb-x-rp)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
plurals=("hey jaspers are my favourite" "the two jaspers said hello")
fluent=("hey jasper set a timer for ten minutes" "hey jasper stop the music" "hey jasper switch off the lights")
breath=("hey jasper, set a timer for ten minutes" "hey jasper what time is it")

accepted() { # how many of the given sentences the template accepts, with the given extra scan options
  local d=$1 n=0 i=0; shift
  local -n sentences=$1; shift
  for s in "${sentences[@]}"; do
    i=$((i + 1))
    espeak-ng -v "$voice" -s 160 -p 50 -w "$d/raw.wav" "$s"
    sox -R "$d/raw.wav" -r 16000 "$d/s.wav" pad 1 1   # -R: the same dither every run
    if "$java" -jar "$jar" scan --json --confirm template --model "$d/hey-jasper.json" ${features[@]+"${features[@]}"} "$@" "$d/s.wav" | grep -q '^{'; then n=$((n + 1)); fi
  done
  echo "$n/${#sentences[@]}"
}

printf '%-12s %-18s %-14s %-22s %s\n' voice options plurals "s-command, one breath" "after a breath / no s"
for voice in "${voices[@]}"; do
  d="$work/$voice"
  mkdir -p "$d"
  espeak-ng -v "$voice" -s 150 -p 45 -w "$d/take1.wav" "hey jasper"
  espeak-ng -v "$voice" -s 170 -p 55 -w "$d/take2.wav" "hey jasper"
  espeak-ng -v "$voice" -s 160 -p 50 -w "$d/take3.wav" "hey jasper"
  "$java" -jar "$jar" enroll --name hey-jasper --out "$d/hey-jasper.json" "$d"/take{1,2,3}.wav >/dev/null
  for options in default --allow-trailing-s; do
    extra=()
    [ "$options" = default ] || extra=("$options")
    printf '%-12s %-18s %-14s %-22s %s\n' "$voice" "$options" "$(accepted "$d" plurals "${extra[@]}")" \
      "$(accepted "$d" fluent "${extra[@]}")" "$(accepted "$d" breath "${extra[@]}")"
  done
done
