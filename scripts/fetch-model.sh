#!/usr/bin/env bash
# Downloads a model into models/, verifies its SHA-256 and unpacks it.
#   scripts/fetch-model.sh --list                         the models this script knows
#   scripts/fetch-model.sh NAME...                        fetch these
#   scripts/fetch-model.sh --trust-first-download NAME... also fetch models with no published hash (see below)
# Models are never committed to the repository (see models/README.md).
#
# Every download is checked against a pinned SHA-256 before it is unpacked. Where the publisher gives no hash (Alpha
# Cephei publishes none for its Vosk models), the catalogue's hash is empty and the script refuses the model unless
# --trust-first-download is given: then it records the hash it saw in models/.trusted-sha256, prints it, and checks
# every later download of that model against it. Compare the printed hash with a second source (another machine or
# network) before you rely on it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
models="$here/models"
trusted="$models/.trusted-sha256"

# NAME|URL|SHA256 (empty: none published)|DESTINATION (relative to models/)|LICENCE
oww=https://github.com/dscripka/openWakeWord/releases/download/v0.5.1
catalogue=(
  # Vosk: small models with a dynamic graph (grammar recognition); URLs from https://alphacephei.com/vosk/models
  "vosk-model-small-en-us-0.15|https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip||vosk-model-small-en-us-0.15|Apache-2.0"
  "vosk-model-small-de-0.15|https://alphacephei.com/vosk/models/vosk-model-small-de-0.15.zip||vosk-model-small-de-0.15|Apache-2.0"
  "vosk-model-small-fr-0.22|https://alphacephei.com/vosk/models/vosk-model-small-fr-0.22.zip||vosk-model-small-fr-0.22|Apache-2.0"
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
  local e n m s d l note
  for e in "${catalogue[@]}"; do
    IFS='|' read -r n _ s d l <<<"$e"
    note=""; [ -n "$s" ] || note=" [no published SHA-256]"
    printf '  %-36s -> models/%s (%s)%s\n' "$n" "$d" "$l" "$note"
  done
  for e in "${aliases[@]}"; do IFS='|' read -r n m <<<"$e"; printf '  %-36s = %s\n' "$n" "$m"; done
}
expand() { local e n m; for e in "${aliases[@]}"; do IFS='|' read -r n m <<<"$e"; [ "$n" != "$1" ] || { echo "$m"; return; }; done; echo "$1"; }
trust_first=0
args=()
for a in "$@"; do
  case "$a" in
    --trust-first-download) trust_first=1 ;;
    --list) list; exit 0 ;;
    -*) echo "fetch-model: unknown option $a" >&2; exit 2 ;;
    *) args+=("$a") ;;
  esac
done
[ ${#args[@]} -gt 0 ] || { echo "usage: scripts/fetch-model.sh [--trust-first-download] NAME... | --list" >&2; list >&2; exit 2; }

recorded() { if [ -f "$trusted" ]; then awk -v n="$1" '$2 == n { print $1 }' "$trusted" | tail -n 1; fi; }

fetch() {
  local name=$1 entry n url sha dest lic tmp seen pinned_by
  for entry in "${catalogue[@]}"; do
    IFS='|' read -r n url sha dest lic <<<"$entry"
    [ "$n" = "$name" ] || continue
    pinned_by="the catalogue"
    if [ -z "$sha" ]; then sha=$(recorded "$name"); pinned_by="$trusted"; fi
    if [ -z "$sha" ] && [ "$trust_first" != 1 ]; then
      echo "fetch-model: $name has no published SHA-256, so this script will not install it unchecked." >&2
      echo "  Fix: scripts/fetch-model.sh --trust-first-download $name  (records the hash it sees; compare it with a second source)" >&2
      return 1
    fi
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
    echo "fetch-model: $name <- $url"
    curl -fL --retry 3 -o "$tmp/download" "$url" || { echo "fetch-model: download failed: $url" >&2; return 1; }
    seen=$(sha256sum "$tmp/download" | cut -d' ' -f1)
    if [ -n "$sha" ] && [ "$seen" != "$sha" ]; then
      echo "fetch-model: $name: SHA-256 $seen does not match $sha (pinned by $pinned_by); refusing it" >&2; return 1
    fi
    # Unpack beside the destination, then move into place: an interrupted run never leaves a half-unpacked model.
    mkdir -p "$tmp/unpacked" "$models/$(dirname "$dest")"
    case "$url" in
      *.zip) unzip -q "$tmp/download" -d "$tmp/unpacked" ;;
      *.tar.gz|*.tgz) tar -xzf "$tmp/download" -C "$tmp/unpacked" ;;
      *) mv "$tmp/download" "$tmp/unpacked/$(basename "$dest")" ;;
    esac
    [ -e "$tmp/unpacked/$(basename "$dest")" ] || { echo "fetch-model: $name: the archive holds no $(basename "$dest")" >&2; return 1; }
    if [ -z "$sha" ]; then   # recorded only once the download unpacked into what was expected
      printf '%s  %s  %s\n' "$seen" "$name" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$trusted"
      echo "fetch-model: $name: no published hash; trusted this first download, SHA-256 $seen (recorded in models/.trusted-sha256)"
    fi
    rm -rf "$models/$dest.old"
    [ ! -e "$models/$dest" ] || mv "$models/$dest" "$models/$dest.old"
    mv "$tmp/unpacked/$(basename "$dest")" "$models/$dest"
    rm -rf "$models/$dest.old"
    echo "fetch-model: $name -> models/$dest ($lic)"
    return 0
  done
  echo "fetch-model: unknown model '$name'. Known:" >&2; list >&2; return 1
}
for arg in "${args[@]}"; do for name in $(expand "$arg"); do fetch "$name"; done; done
