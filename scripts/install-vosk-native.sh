#!/usr/bin/env bash
# Installs libvosk, Vosk's native library, on ARM Linux (Raspberry Pi OS 64-bit or 32-bit).
# The Vosk jar (com.alphacephei:vosk:0.3.45) carries libvosk for x86-64 Linux, macOS and Windows only; on a Pi JNA
# finds nothing and wakegate says so, naming this script.
#
#   sudo scripts/install-vosk-native.sh [--trust-first-download] [--arch aarch64|armv7l] [--prefix /usr/local]
#
# It downloads the official release zip for the architecture from GitHub (alphacep/vosk-api release v0.3.45), checks
# its SHA-256, checks that the library is built for this architecture, installs it as PREFIX/lib/libvosk.so and runs
# ldconfig, so JNA finds it through the system library path. It installs libatomic1 with apt if missing (libvosk
# needs it on ARM).
#
# SHA-256: Alpha Cephei publishes no checksums for these zips, so the table below has none. Without a hash the
# script refuses, unless --trust-first-download is given: then it records the hash it saw in models/.trusted-sha256
# (shared with fetch-model.sh), prints it, and checks later downloads against it. Compare the printed hash with one
# computed on another machine before relying on it, and paste it into the table to pin it for everyone.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=0.3.45
trusted="$here/models/.trusted-sha256"

# ARCH|URL|SHA256 (empty: none published)
releases=(
  "aarch64|https://github.com/alphacep/vosk-api/releases/download/v$version/vosk-linux-aarch64-$version.zip|"
  "armv7l|https://github.com/alphacep/vosk-api/releases/download/v$version/vosk-linux-armv7l-$version.zip|"
)

die() { echo "install-vosk-native: $*" >&2; exit 1; }
trust_first=0 arch="" prefix=/usr/local
while [ $# -gt 0 ]; do
  case "$1" in
    --trust-first-download) trust_first=1 ;;
    --arch) arch=${2:?--arch needs aarch64 or armv7l}; shift ;;
    --prefix) prefix=${2:?--prefix needs a directory}; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done

# The userland decides, not the kernel: 32-bit Raspberry Pi OS on a 64-bit kernel reports aarch64 from uname.
if [ -z "$arch" ]; then
  case "$(dpkg --print-architecture 2>/dev/null || uname -m)" in
    arm64|aarch64) arch=aarch64 ;;
    armhf|armv7l|armv8l) arch=armv7l ;;
    armel|armv6l) die "ARMv6 (Raspberry Pi 1, Zero, Zero W) has no official libvosk build. Fix: use a Pi Zero 2 W or newer" ;;
    amd64|x86_64) echo "install-vosk-native: not needed on x86-64 Linux: the Vosk jar carries libvosk for it"; exit 0 ;;
    *) die "no official libvosk build for $(uname -m). Fix: build libvosk from source (see docs/vosk.md)" ;;
  esac
fi
url="" sha=""
for r in "${releases[@]}"; do IFS='|' read -r a u s <<<"$r"; [ "$a" = "$arch" ] && { url=$u; sha=$s; }; done
[ -n "$url" ] || die "unknown --arch $arch (aarch64 or armv7l)"
name="vosk-linux-$arch-$version"

mkdir -p "$prefix/lib" 2>/dev/null && [ -w "$prefix/lib" ] || die "cannot write to $prefix/lib. Fix: run it with sudo"

if command -v dpkg >/dev/null && ! dpkg -s libatomic1 >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "libatomic1 is missing and installing it needs root. Fix: sudo apt-get install libatomic1, or run this with sudo"
  echo "install-vosk-native: installing libatomic1"
  apt-get install -y -q libatomic1
fi

pinned_by="this script"
if [ -z "$sha" ] && [ -f "$trusted" ]; then sha=$(awk -v n="$name" '$2 == n { print $1 }' "$trusted" | tail -n 1); pinned_by=$trusted; fi
if [ -z "$sha" ] && [ "$trust_first" != 1 ]; then
  die "$name.zip has no published SHA-256, so it is not installed unchecked. Fix: sudo $0 --trust-first-download (records the hash it sees; compare it with a second source)"
fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "install-vosk-native: $name <- $url"
curl -fL --retry 3 -o "$tmp/vosk.zip" "$url" || die "download failed: $url"
seen=$(sha256sum "$tmp/vosk.zip" | cut -d' ' -f1)
[ -z "$sha" ] || [ "$seen" = "$sha" ] || die "SHA-256 $seen does not match $sha (pinned by $pinned_by); refusing it"

unzip -q "$tmp/vosk.zip" -d "$tmp/unpacked"
lib=$(find "$tmp/unpacked" -name libvosk.so -type f | head -n 1)
[ -n "$lib" ] || die "the zip holds no libvosk.so"

# ELF check: class (byte 4: 1 = 32-bit, 2 = 64-bit) and machine (bytes 18-19, little-endian: 183 = AArch64, 40 = ARM).
header=$(od -An -tu1 -N20 "$lib" | tr -s ' \n' ' ')
read -r m0 m1 m2 m3 class _ _ _ _ _ _ _ _ _ _ _ _ _ mlo mhi <<<"$header"
[ "$m0 $m1 $m2 $m3" = "127 69 76 70" ] || die "libvosk.so in the zip is not an ELF library"
machine=$((mlo + 256 * mhi))
case "$arch" in
  aarch64) [ "$class" = 2 ] && [ "$machine" = 183 ] || die "libvosk.so in the zip is not an AArch64 library (class $class, machine $machine)" ;;
  armv7l) [ "$class" = 1 ] && [ "$machine" = 40 ] || die "libvosk.so in the zip is not a 32-bit ARM library (class $class, machine $machine)" ;;
esac

if [ -z "$sha" ]; then   # recorded only once the download proved to be the right kind of library
  mkdir -p "$(dirname "$trusted")"
  printf '%s  %s  %s\n' "$seen" "$name" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$trusted"
  [ -z "${SUDO_USER:-}" ] || chown "$SUDO_USER" "$trusted" 2>/dev/null || true
  echo "install-vosk-native: no published hash; trusting this first download, SHA-256 $seen (recorded in models/.trusted-sha256)"
fi
install -m 0644 "$lib" "$prefix/lib/libvosk.so"
echo "install-vosk-native: installed $prefix/lib/libvosk.so ($name)"
if [ "$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then
  ldconfig
  ldconfig -p | grep -q 'libvosk\.so' || echo "install-vosk-native: $prefix/lib is not on the linker's path; start wakegate with LD_LIBRARY_PATH=$prefix/lib" >&2
else
  echo "install-vosk-native: not root, so ldconfig was not run; start wakegate with LD_LIBRARY_PATH=$prefix/lib"
fi
if command -v ldd >/dev/null && ldd "$prefix/lib/libvosk.so" 2>/dev/null | grep -q 'not found'; then
  echo "install-vosk-native: libvosk.so still misses libraries:" >&2
  ldd "$prefix/lib/libvosk.so" | grep 'not found' >&2
  exit 1
fi
echo "install-vosk-native: done. Check with: ./wakegate scan --engine vosk --model-dir models/vosk-model-small-en-us-0.15 --phrase \"hey computer\" some.wav"
