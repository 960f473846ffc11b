#!/usr/bin/env bash
# Makes the speech-embedding templates' built-in cohort again (src/main/resources/.../cohort-not-wake-words-en.bin):
# the speech embeddings, never the audio, of the 40 ordinary words of Mycroft Precise's community data
# (not-wake-words-en, released into the public domain by its contributors; ../shared/real/precise-community), computed
# with the bundled embedding model. Needs a built target/wakegate.jar and java 21+. Run it after the embedding model
# changes: a cohort made with another model is not used (the limits then come from the takes' agreement).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${WAKEGATE_SHARED:-../shared}
JAVA=${JAVA:-java}
"$JAVA" -cp target/wakegate.jar scripts/MakeCohort.java "$SHARED/real/precise-community/not-wake-words-en" \
  src/main/resources/dev/wakegate/detect/template/cohort-not-wake-words-en.bin
