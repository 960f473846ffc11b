#!/usr/bin/env bash
# Installs wakegate as a system service on Raspberry Pi OS / Debian: Bookworm (12) and Trixie (13), 64-bit (arm64)
# and 32-bit (armhf) alike (amd64 too).
#   sudo scripts/install.sh [--dry-run] [--home-assistant ADDR] [--no-start] [path/to/wakegate.jar]
# - Java 21 or newer: one already installed is used; else Debian's openjdk-21-jre-headless where the release has it
#   (Trixie); else Temurin 21 from Adoptium's signed apt repository (Bookworm), its key checked against the
#   fingerprint pinned below. The choice is printed.
# - alsa-utils (arecord, aplay); espeak-ng (enroll says the wake phrase and phrases one sound away from it, for the verifier). Nothing for GPIO: Pi4J brings its own libgpiod.
# - a 'wakegate' system user in the 'audio' and 'gpio' groups
# - the jar in /opt/wakegate, a 'wakegate' command in /usr/local/bin
# - the configuration in /etc/wakegate (kept if it exists), the audit log in /var/lib/wakegate
# - the Home Assistant this satellite belongs to: --home-assistant ADDR, or asked for on a terminal (empty: pair
#   later with 'wakegate ctl pair')
# - the systemd unit (hardened, sd_notify, watchdog), enabled; started once 'wakegate run --check' passes, which
#   also writes the class-data archive the service starts from (/var/cache/wakegate/wakegate.jsa)
# Every step says what it does and stops the install with the reason if it fails; running it again is safe.
# --dry-run prints the plan (packages, Java, files) and changes nothing; it needs no root.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

ADOPTIUM_KEY_URL=https://packages.adoptium.net/artifactory/api/gpg/key/public
ADOPTIUM_REPO=https://packages.adoptium.net/artifactory/deb
# Adoptium's signing key ("Adoptium GPG Key (DEB/RPM Signing Key)"), as published by the Eclipse Foundation
ADOPTIUM_FINGERPRINT=3B04D753C9050D9A5D343F39843C48A565F8F04B
JAVA_MIN=21

dry_run=no start=yes home_assistant=
usage="sudo $0 [--dry-run] [--home-assistant ADDR] [--no-start] [path/to/wakegate.jar]"
while [ $# -gt 0 ]; do
  case $1 in
    --dry-run) dry_run=yes; shift ;;
    --no-start) start=no; shift ;;
    --home-assistant) [ $# -ge 2 ] || { echo "install: --home-assistant needs an address, e.g. --home-assistant 192.168.1.10" >&2; exit 2; }
                      home_assistant=$2; shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    -*) echo "install: unknown option $1. Fix: $usage" >&2; exit 2 ;;
    *) break ;;
  esac
done
jar=${1:-$here/target/wakegate.jar}

say() { echo "install: $*"; }
fail() { echo "install: FAILED: $*" >&2; exit 1; }
# step DESCRIPTION COMMAND...: runs it (or prints it on a dry run); on failure prints its output and stops
step() {
  local what=$1; shift
  if [ "$dry_run" = yes ]; then
    if declare -F "$1" >/dev/null; then say "would $what"; else say "would $what: $*"; fi
    return 0
  fi
  local log; log=$(mktemp)
  if "$@" >"$log" 2>&1; then say "$what: ok"; rm -f "$log"; return 0; fi
  echo "install: FAILED to $what ($*):" >&2; tail -n 15 "$log" >&2; rm -f "$log"; exit 1
}

[ "$dry_run" = yes ] || [ "$(id -u)" = 0 ] || fail "run as root: sudo $0 $*"
[ -f "$jar" ] || fail "$jar is missing. Fix: build it first with ./mvnw -q -B -DskipTests package (or give the jar's path)"
command -v apt-get >/dev/null || fail "this installer is for Debian and Raspberry Pi OS (apt-get is missing)"

. /etc/os-release 2>/dev/null || true
codename=${VERSION_CODENAME:-unknown}
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
say "system: ${PRETTY_NAME:-unknown} ($codename), $arch"
case $arch in
  arm64|amd64) ;;
  armhf|armel) say "32-bit Arm: ONNX Runtime has no build for it, so the oww engine and embedding templates are unavailable; the template engine (MFCC) and Vosk work (64-bit Raspberry Pi OS runs them all)" ;;
  *) say "architecture $arch is not one wakegate is tested on (arm64, armhf, amd64); going on" ;;
esac

# ---- Java 21+

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1; }
installed_java() { # prints the newest installed java of at least JAVA_MIN
  local best="" bestv=0 j v
  for j in $(command -v java 2>/dev/null) /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v=$(java_major "$j"); v=${v:-0}
    if [ "$v" -ge "$JAVA_MIN" ] && [ "$v" -gt "$bestv" ]; then best=$(readlink -f "$j"); bestv=$v; fi
  done
  printf '%s' "$best"
}
# (grep without -q: with pipefail, grep -q leaving early makes apt-cache die of SIGPIPE and the test fail)
debian_has() { apt-cache policy "$1" 2>/dev/null | grep 'Candidate: [0-9]' >/dev/null; }

adoptium_repo() {
  local key; key=$(mktemp)
  if command -v curl >/dev/null; then curl -fsSL "$ADOPTIUM_KEY_URL" -o "$key"; else wget -qO "$key" "$ADOPTIUM_KEY_URL"; fi \
    || { echo "cannot fetch Adoptium's key from $ADOPTIUM_KEY_URL (is this machine online?)"; rm -f "$key"; return 1; }
  local fpr; fpr=$(gpg --show-keys --with-colons "$key" | awk -F: '/^fpr:/ {print $10; exit}')
  if [ "$fpr" != "$ADOPTIUM_FINGERPRINT" ]; then
    echo "Adoptium's key has fingerprint '$fpr', not the pinned $ADOPTIUM_FINGERPRINT: refusing it"; rm -f "$key"; return 1
  fi
  install -d -m 0755 /etc/apt/keyrings
  gpg --dearmor < "$key" > /etc/apt/keyrings/adoptium.gpg
  chmod 0644 /etc/apt/keyrings/adoptium.gpg
  rm -f "$key"
  printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /etc/apt/keyrings/adoptium.gpg\n' \
    "$ADOPTIUM_REPO" "$codename" > /etc/apt/sources.list.d/adoptium.sources
  apt-get update -qq
}

step "update the package lists" apt-get update -qq
lists_empty=no
if [ "$dry_run" = yes ] && ! ls /var/lib/apt/lists/*Packages* >/dev/null 2>&1; then
  lists_empty=yes
  say "the package lists are empty, so this plan cannot tell which Java Debian packages here; 'sudo apt-get update' first for the exact plan"
fi
java=$(installed_java)
if [ -n "$java" ]; then
  say "Java: using the installed $java (Java $(java_major "$java"))"
  java_packages=""
elif debian_has openjdk-21-jre-headless; then
  say "Java: Debian's openjdk-21-jre-headless ($codename has it)"
  java_packages=openjdk-21-jre-headless
elif debian_has openjdk-25-jre-headless; then
  say "Java: Debian's openjdk-25-jre-headless"
  java_packages=openjdk-25-jre-headless
elif [ "$lists_empty" = yes ]; then
  say "Java: Debian's openjdk-21-jre-headless or openjdk-25-jre-headless if $codename packages one, else Temurin 21 from Adoptium's apt repository (known once the package lists are fetched)"
  java_packages="(the-Java-above)"
else
  say "Java: $codename has no Java $JAVA_MIN; Temurin 21 from Adoptium's apt repository (key $ADOPTIUM_FINGERPRINT)"
  if ! command -v gpg >/dev/null || ! { command -v curl >/dev/null || command -v wget >/dev/null; }; then
    step "install what fetching the key needs" apt-get install -y -qq --no-install-recommends ca-certificates curl gnupg
  fi
  step "add Adoptium's apt repository" adoptium_repo
  java_packages=temurin-21-jre
fi
# shellcheck disable=SC2086
step "install packages: ${java_packages:+$java_packages }alsa-utils espeak-ng" apt-get install -y -qq --no-install-recommends $java_packages alsa-utils espeak-ng
if [ "$dry_run" = yes ] && [ -z "$java" ]; then java=/usr/lib/jvm/JAVA-FROM-ABOVE/bin/java
else java=$(installed_java); [ -n "$java" ] || fail "no Java $JAVA_MIN or newer after installing $java_packages"; fi
say "Java for wakegate: $java"

# ---- user, files, unit

make_user() {
  getent group gpio >/dev/null || groupadd --system gpio
  id wakegate >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /var/lib/wakegate --shell /usr/sbin/nologin wakegate
  usermod -a -G audio,gpio wakegate
}
step "create the user 'wakegate' (groups audio, gpio)" make_user

install_files() {
  install -d -m 0755 /opt/wakegate
  install -m 0644 "$jar" /opt/wakegate/wakegate.jar
  # wakegate's command line: the same JVM as the service, no core file or crash report (they would hold audio)
  cat > /usr/local/bin/wakegate <<LAUNCH
#!/bin/sh
# wakegate's command line (the service runs the same jar with the options in wakegate.service);
# WAKEGATE_JAVA_OPTS adds JVM options (e.g. -Xmx256m), never in place of the no-dump ones after it
exec $java -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable -Xlog:all=warning:stderr \$WAKEGATE_JAVA_OPTS -XX:-CreateCoredumpOnCrash -XX:ErrorFile=/dev/null -jar /opt/wakegate/wakegate.jar "\$@"
LAUNCH
  chmod 0755 /usr/local/bin/wakegate
  install -d -m 0750 -o root -g wakegate /etc/wakegate
  if [ ! -f /etc/wakegate/wakegate.properties ]; then
    install -m 0640 -o root -g wakegate "$here/deploy/wakegate.properties" /etc/wakegate/wakegate.properties
  else
    echo "keeping the existing /etc/wakegate/wakegate.properties"
  fi
  install -d -m 0700 -o wakegate -g wakegate /var/lib/wakegate /var/cache/wakegate
}
step "install /opt/wakegate, /usr/local/bin/wakegate, /etc/wakegate" install_files

config=/etc/wakegate/wakegate.properties
pin_home_assistant() {
  printf 'home-assistant = %s\n' "$home_assistant" >> "$config"
}
if [ -f "$config" ] || [ "$dry_run" = yes ]; then
  conf=$config; [ -f "$conf" ] || conf=$here/deploy/wakegate.properties
  if grep -Eq '^[[:space:]]*uplink[[:space:]]*=[[:space:]]*wyoming:' "$conf" && ! grep -Eq '^[[:space:]]*home-assistant[[:space:]]*=' "$conf"; then
    if [ -z "$home_assistant" ] && [ -t 0 ] && [ "$dry_run" = no ]; then
      read -r -p "install: your Home Assistant's IP address (only it will get audio; empty: pair later with 'wakegate ctl pair'): " home_assistant
    fi
    if [ -n "$home_assistant" ]; then
      step "pin the Home Assistant at $home_assistant in $config" pin_home_assistant
    else
      say "no Home Assistant pinned; add the satellite in Home Assistant, then run 'sudo wakegate ctl pair' within two minutes"
    fi
  fi
fi

install_unit() {
  sed "s#/usr/bin/java #$java #" "$here/deploy/wakegate.service" > /etc/systemd/system/wakegate.service
  chmod 0644 /etc/systemd/system/wakegate.service
  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
  systemctl enable wakegate.service
}
step "install and enable the systemd unit" install_unit

# ---- check, archive, start

# wakegate itself says whether the configuration is complete, reading it as the service user with the service's JVM
# options; the same run writes the class-data archive the service then starts from
check_command() {
  local opts
  opts=$(sed -e ':a' -e '/\\$/N; s/\\\n *//; ta' /etc/systemd/system/wakegate.service \
    | sed -n 's#^ExecStart=[^ ]*java \(.*\) -jar .*#\1#p' | head -n 1)
  # shellcheck disable=SC2086
  runuser -u wakegate -- "$java" $opts -jar /opt/wakegate/wakegate.jar run --config "$config" --check
}
if [ "$dry_run" = yes ]; then
  say "would check: runuser -u wakegate -- $java <the unit's JVM options> -jar /opt/wakegate/wakegate.jar run --config $config --check"
  say "dry run: nothing was changed"
  exit 0
fi
if check=$(check_command 2>&1); then
  check=$(printf '%s\n' "$check" | tail -n 1)
  if [ "$start" = yes ] && [ -d /run/systemd/system ]; then
    systemctl restart wakegate.service
    say "started ($check); follow it with: journalctl -u wakegate -f"
  else
    say "ready, not started ($check); start it with: sudo systemctl start wakegate"
  fi
else
  check=$(printf '%s\n' "$check" | tail -n 1)
  cat <<NEXT
install: done, not started yet: $check
Next:
  1. the wake word - enroll yours:  sudo wakegate enroll --record --name hey-computer --out /etc/wakegate/hey-computer.json
       (or from WAV files:        sudo wakegate enroll --name hey-computer --out /etc/wakegate/hey-computer.json a.wav b.wav c.wav)
     or use engine = oww / vosk in /etc/wakegate/wakegate.properties with a model from scripts/fetch-model.sh (see the README)
  2. check /etc/wakegate/wakegate.properties (device, uplink, GPIO pins), then: sudo wakegate run --config /etc/wakegate/wakegate.properties --check
  3. sudo systemctl start wakegate && journalctl -u wakegate -f
NEXT
fi
