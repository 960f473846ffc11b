#!/usr/bin/env bash
# Benchmarks the openWakeWord engine (--engine oww, --confirm oww) on the shared real recordings and prints, for the
# detector alone and for the gate (the detector with its default confirmer: what `wakegate run` lets through):
#   - recall on Picovoice's crowd-sourced "alexa" recordings, clean and with kitchen/bike noise mixed in at 10 dB
#     SNR (relative to each clip's active speech level);
#   - false accepts per hour over LibriSpeech and the noise files;
#   - the gate's figures for other confirmer thresholds (the curve), and whether the issue's acceptance is met;
#   - where detections end relative to the word, and the decision latency;
#   - speed on one core (x real time, CPU-seconds per audio hour), with and without the VAD, and bytes per step;
#   - peak RSS of `wakegate scan` with one model over a long file (/usr/bin/time -v).
# Usage: scripts/bench-oww.sh [OwwBench options: --model NAME --sensitivity S --confirm-sensitivity S --confirm-grids N
#        --trigger N --hold N --grids N --openwakeword (openWakeWord's own decision) --snr DB --noise-offset SECONDS
#        --held-out (negatives the defaults were not chosen on) --no-vad --recall-only --clips N
#        --embedding-cost (only the speech embedding's cost per 80 ms step: whole window, step by step, three at once)]
# Environment: WAKEGATE_SHARED (default ../shared beside this checkout), BENCH_CPU (the core to pin to, default 1).
# The models are read from $WAKEGATE_SHARED/models/openwakeword and never copied into the project.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "${WAKEGATE_SHARED:-$here/../shared}" && pwd)
cpu=${BENCH_CPU:-1}
cd "$here"
. .mvn/find-jdk.sh
wg_find_jdk

echo "bench-oww: building (package + test classes)" >&2
quiet() { "$@" 2>&1 | { grep -v '^WARNING' || true; } >&2; }   # Maven's own JDK warnings are noise here
quiet ./mvnw -q -B -DskipTests package
quiet ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-oww.classpath
cp="target/classes:target/test-classes:$(cat target/bench-oww.classpath)"

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); fi
native=()
if [ "$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')" -ge 22 ]; then native=(--enable-native-access=ALL-UNNAMED); fi

# The launcher's JVM flags (C1 only, serial GC), with room for the test audio.
"${pin[@]}" "$JAVA_HOME/bin/java" "${native[@]}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m -Xss512k \
  -Dwakegate.shared="$shared" -cp "$cp" dev.wakegate.detect.oww.OwwBench "$@"
for a in "$@"; do [ "$a" != --recall-only ] && [ "$a" != --embedding-cost ] || exit 0; done

# Peak RSS of the real command over a long file: all of LibriSpeech in one WAV (in /tmp, deleted afterwards).
if [ ! -x /usr/bin/time ]; then echo "bench-oww: /usr/bin/time is missing (apt-get install time); skipping the RSS figure" >&2; exit 0; fi
if ! command -v sox >/dev/null; then echo "bench-oww: sox is missing; skipping the RSS figure" >&2; exit 0; fi
long=$(mktemp --suffix=.wav); log=$(mktemp)
trap 'rm -f "$long" "$log"' EXIT
sox $(find "$shared/real/librispeech" -name '*.wav' | sort) "$long"
WAKEGATE_JAVA_OPTS="${native[*]} -Xss512k -XX:+UseSerialGC -Xmx48m -XX:TieredStopAtLevel=1" \
  "${pin[@]}" /usr/bin/time -v ./wakegate scan --engine oww --oww-features "$shared/models/openwakeword" \
  --oww-model "$shared/models/openwakeword/alexa_v0.1.onnx" --stats --json "$long" >/dev/null 2>"$log"
secs=$(soxi -D "$long")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
user=$(sed -n 's/.*User time (seconds): //p' "$log"); sys=$(sed -n 's/.*System time (seconds): //p' "$log")
grep '^stats:' "$log" | sed "s|$long|<all LibriSpeech, one file>|"
printf 'scan process: %.0f s of audio, wall %s, user %s s + sys %s s (JVM start and JIT included), peak RSS %.1f MiB\n' \
  "$secs" "$wall" "$user" "$sys" "$(echo "$rss / 1024" | bc -l)"
