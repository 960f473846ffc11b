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
catalogue=(
)

list() { for e in "${catalogue[@]}"; do IFS='|' read -r n _ _ d l <<<"$e"; printf '  %-36s -> models/%s (%s)\n' "$n" "$d" "$l"; done; }
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
for name in "$@"; do fetch "$name"; done
