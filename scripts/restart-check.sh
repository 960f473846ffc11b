#!/usr/bin/env bash
# What a detector does when it starts hearing in the middle of someone's sentence (dev.wakegate.detect.RestartBench):
# inside each ordinary sentence of the three dev voices' streams, every 0.3 s, the detector starts hearing there and
# the 2.5 s after that point are watched for a confirmed wake word (there is none: ordinary sentences only). Printed
# per voice and template (log mel only, as `enroll --no-embeddings` and 32-bit Arm make it; and with the speech
# embeddings, as `enroll` makes it where the feature models run), for four ways of starting:
#   deaf: wakegate played a reply; the detector was deaf for 1 s and hears again at the point;
#   mute: the microphone was muted (or paused) for 1 s and is unmuted at the point;
#   zeros: the source sent 1 s of digital silence (a microphone muted in software) and sends speech again at the point;
#   cold: wakegate starts at the point (a new detector, nothing heard before).
# and the other side (wake-deaf, wake-mute, wake-zeros): each wake phrase of the streams said 0.1-1.2 s after the detector came back.
# Usage: scripts/restart-check.sh [deaf|mute|zeros|cold|wake-deaf|wake-mute|wake-zeros ...] [--gap SECONDS]   (about 7 minutes)
# Environment: WAKEGATE_SHARED (default ../shared beside this checkout).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "${WAKEGATE_SHARED:-$here/../shared}" && pwd)
cd "$here"
. .mvn/find-jdk.sh
wg_find_jdk

echo "restart-check: building (package + test classes)" >&2
quiet() { "$@" 2>&1 | { grep -v '^WARNING' || true; } >&2; }
quiet ./mvnw -q -B -DskipTests package
quiet ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/restart-check.classpath
cp="target/classes:target/test-classes:$(cat target/restart-check.classpath)"
java=("$JAVA_HOME/bin/java")
if [ "$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')" -ge 22 ]; then java+=(--enable-native-access=ALL-UNNAMED); fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for voice in espeak_en-us+m3 flite_kal16 flite_slt; do
  dev="$shared/corpus/dev/$voice"
  "${java[@]}" -jar target/wakegate.jar enroll --no-embeddings --name hey-computer --out "$work/$voice.log-mel.json" "$dev"/enroll/*.wav >/dev/null
  "${java[@]}" -jar target/wakegate.jar enroll --name hey-computer --out "$work/$voice.embeddings.json" "$dev"/enroll/*.wav >/dev/null
  for template in log-mel embeddings; do
    echo "== $voice, $template template"
    "${java[@]}" -cp "$cp" dev.wakegate.detect.RestartBench "$work/$voice.$template.json" "$dev/stream.wav" "$dev/stream.segments.tsv" "$@"
  done
done
