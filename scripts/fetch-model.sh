#!/usr/bin/env bash
# Downloads a model into models/, verifies its pinned SHA-256 and unpacks it.
#   scripts/fetch-model.sh --list      the models this script knows
#   scripts/fetch-model.sh NAME...     fetch these
# Models are never committed to the repository (see models/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
models="$here/models"

# NAME|URL|SHA256|DESTINATION (relative to models/)|LICENCE
# Entries are added by the engines that need them.
oww=https://github.com/dscripka/openWakeWord/releases/download/v0.5.1
catalogue=(
  # openWakeWord v0.5.1 (--engine oww / --confirm oww): the shared feature models, then pretrained wake models.
  # The wake models are CC BY-NC-SA 4.0 (non-commercial, share-alike): fetched for your own use, never committed.
  "oww-melspectrogram|$oww/melspectrogram.onnx|ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f|openwakeword/melspectrogram.onnx|Apache-2.0"
  "oww-embedding|$oww/embedding_model.onnx|70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f|openwakeword/embedding_model.onnx|Apache-2.0"
  "alexa_v0.1|$oww/alexa_v0.1.onnx|6ff566a01d12670e8d9e3c59da32651db1575d17272a601b7f8a39283dfbae3e|openwakeword/alexa_v0.1.onnx|CC BY-NC-SA 4.0"
  "hey_jarvis_v0.1|$oww/hey_jarvis_v0.1.onnx|94a13cfe60075b132f6a472e7e462e8123ee70861bc3fb58434a73712ee0d2cb|openwakeword/hey_jarvis_v0.1.onnx|CC BY-NC-SA 4.0"
  "hey_mycroft_v0.1|$oww/hey_mycroft_v0.1.onnx|c2a311e8fa1338de89c31b3b46dc4dffd4af2f9a8d6ddead48893c2d301b1f18|openwakeword/hey_mycroft_v0.1.onnx|CC BY-NC-SA 4.0"
  "hey_rhasspy_v0.1|$oww/hey_rhasspy_v0.1.onnx|5a9b3ed3be2910e35780e097905aa9f35a9c10038df47914cf2b3ec4d670f6ea|openwakeword/hey_rhasspy_v0.1.onnx|CC BY-NC-SA 4.0"
)
# NAME|the catalogue names it stands for
aliases=(
  "oww-features|oww-melspectrogram oww-embedding"
)

list() {
  for e in "${catalogue[@]}"; do IFS='|' read -r n _ _ d l <<<"$e"; printf '  %-36s -> models/%s (%s)\n' "$n" "$d" "$l"; done
  for e in "${aliases[@]}"; do IFS='|' read -r n m <<<"$e"; printf '  %-36s = %s\n' "$n" "$m"; done
}
expand() { local e n m; for e in "${aliases[@]}"; do IFS='|' read -r n m <<<"$e"; [ "$n" != "$1" ] || { echo "$m"; return; }; done; echo "$1"; }
[ $# -gt 0 ] || { echo "usage: scripts/fetch-model.sh NAME... | --list" >&2; list >&2; exit 2; }
[ "$1" != --list ] || { list; exit 0; }

fetch() {
  local name=$1 entry url sha dest lic tmp
  for entry in "${catalogue[@]}"; do
    IFS='|' read -r n url sha dest lic <<<"$entry"
    [ "$n" = "$name" ] || continue
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
    echo "fetch-model: $name <- $url"
    curl -fL --retry 3 -o "$tmp/download" "$url" || { echo "fetch-model: download failed: $url" >&2; return 1; }
    echo "$sha  $tmp/download" | sha256sum -c --quiet - || { echo "fetch-model: $name: SHA-256 mismatch, refusing it" >&2; return 1; }
    mkdir -p "$models/$(dirname "$dest")"
    case "$url" in
      *.zip) unzip -q -o "$tmp/download" -d "$models/$(dirname "$dest")" ;;
      *.tar.gz|*.tgz) tar -xzf "$tmp/download" -C "$models/$(dirname "$dest")" ;;
      *) mv "$tmp/download" "$models/$dest" ;;
    esac
    echo "fetch-model: $name -> models/$dest ($lic)"
    return 0
  done
  echo "fetch-model: unknown model '$name'. Known:" >&2; list >&2; return 1
}
for arg in "$@"; do for name in $(expand "$arg"); do fetch "$name"; done; done
