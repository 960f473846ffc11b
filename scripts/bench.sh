#!/usr/bin/env bash
# The template engine's benchmark on ../shared: accuracy, delay, speed, memory, and pocketsphinx KWS's speed
# on the same audio, printed as one report. Usage: scripts/bench.sh [--quick | --real-only | --generated | --real-voices]
# (about 5 minutes; --quick skips the real-recordings sweep; --generated only scores a larger corpus made with
# ../shared/corpus/make-corpus.sh from other seeds and voices, ~2 minutes). Needs: a built target/wakegate.jar,
# python3, sox, GNU time, pocketsphinx (apt install sox time pocketsphinx pocketsphinx-en-us; for --generated also
# espeak-ng flite). --real-voices: only real people's recordings in ../shared/real, enrolled from 3 takes, recall clean and
# in real noise at 10/5 dB and false accepts per hour, on the reporting half (scripts/real_voices.py, ~14 minutes), a real
# two-person household (scripts/real_household.py, ~3 minutes), then near misses per phrase in four untuned synthetic voices (scripts/near_misses.py; its corpora are made once, in
# target/near-misses or $WAKEGATE_NEAR_MISSES, ~2 minutes), the issue's "hey jester" example (scripts/hey-jester.sh, ~1 minute)
# and plurals against commands that start with an s (scripts/trailing-s.sh, ~2 minutes).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${WAKEGATE_SHARED:-$here/../shared}
[ -d "$shared/corpus/dev" ] || { echo "bench: $shared/corpus/dev is missing. Fix: set WAKEGATE_SHARED" >&2; exit 1; }
[ -f "$here/target/wakegate.jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)
for tool in python3 sox taskset; do command -v "$tool" >/dev/null || { echo "bench: $tool is missing. Fix: apt install sox python3 util-linux" >&2; exit 1; }; done
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing. Fix: apt install time" >&2; exit 1; }
if [ "${1:-}" = --real-voices ]; then
  shift
  python3 "$here/scripts/real_voices.py" --shared "$shared" "$@"
  # a real two-person household: each person found in their own voice and named, beside each one's template alone
  python3 "$here/scripts/real_household.py" --shared "$shared" --features auto,light,embedding
  # near misses beside the real voices: a change that finds more wake words may also take more words that sound alike
  near=${WAKEGATE_NEAR_MISSES:-$here/target/near-misses}
  if [ ! -f "$near/okay-rhasspy/manifest.json" ]; then
    for tool in espeak-ng flite; do command -v "$tool" >/dev/null || { echo "bench: $tool is missing (the near-miss corpora are synthesized). Fix: apt install espeak-ng flite" >&2; exit 1; }; done
    python3 "$here/scripts/near_misses.py" --shared "$shared" --generate "$near"
  fi
  python3 "$here/scripts/near_misses.py" "$near/hey-jasper" "$near/hey-computer" "$near/okay-rhasspy"
  echo
  echo "== the open issue's own example: 'hey jasper' enrolled in one espeak-ng voice, its near misses said in that voice"
  bash "$here/scripts/hey-jester.sh"
  echo
  echo "== plurals and commands that start with an s, said in one breath and after one (the plural check's two sides)"
  exec bash "$here/scripts/trailing-s.sh"
fi
exec python3 "$here/scripts/bench.py" --shared "$shared" "$@"
