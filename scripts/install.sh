#!/usr/bin/env bash
# Installs wakegate as a system service on Raspberry Pi OS (Bookworm or later):
#   sudo scripts/install.sh [--home-assistant ADDR] [path/to/wakegate.jar]
# - apt packages: OpenJDK 21 (headless), ALSA utilities, libgpiod, libatomic (Vosk)
# - a 'wakegate' system user in the 'audio' and 'gpio' groups
# - the jar in /opt/wakegate, a 'wakegate' command in /usr/local/bin
# - the configuration in /etc/wakegate (kept if it exists), the audit log in /var/lib/wakegate
# - the Home Assistant this satellite belongs to: --home-assistant ADDR, or asked for on a terminal (empty: pair
#   later with 'wakegate ctl pair')
# - the systemd unit (hardened, sd_notify, watchdog), enabled; started once 'wakegate run --check' passes
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
home_assistant=
while [ $# -gt 0 ]; do
  case $1 in
    --home-assistant) [ $# -ge 2 ] || { echo "install: --home-assistant needs an address, e.g. --home-assistant 192.168.1.10" >&2; exit 2; }
                      home_assistant=$2; shift 2 ;;
    -*) echo "install: unknown option $1. Fix: sudo $0 [--home-assistant ADDR] [path/to/wakegate.jar]" >&2; exit 2 ;;
    *) break ;;
  esac
done
jar=${1:-$here/target/wakegate.jar}
[ "$(id -u)" = 0 ] || { echo "install: run as root: sudo $0 $*" >&2; exit 1; }
[ -f "$jar" ] || { echo "install: $jar is missing. Fix: build it first with ./mvnw -q -B -DskipTests package" >&2; exit 1; }
. /etc/os-release 2>/dev/null || true

echo "install: packages"
apt-get update -qq
apt-get install -y -qq openjdk-21-jre-headless alsa-utils gpiod libgpiod2 libatomic1 >/dev/null

echo "install: user 'wakegate' (groups audio, gpio)"
getent group gpio >/dev/null || groupadd --system gpio
id wakegate >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /var/lib/wakegate --shell /usr/sbin/nologin wakegate
usermod -a -G audio,gpio wakegate

echo "install: /opt/wakegate/wakegate.jar"
install -d -m 0755 /opt/wakegate
install -m 0644 "$jar" /opt/wakegate/wakegate.jar
cat > /usr/local/bin/wakegate <<'LAUNCH'
#!/bin/sh
# wakegate's command line (the service runs the same jar); the daemon's JVM settings are in wakegate.service
exec /usr/bin/java -XX:+UseSerialGC -Xshare:off -XX:-UsePerfData -jar /opt/wakegate/wakegate.jar "$@"
LAUNCH
chmod 0755 /usr/local/bin/wakegate

echo "install: /etc/wakegate"
install -d -m 0750 -o root -g wakegate /etc/wakegate
if [ ! -f /etc/wakegate/wakegate.properties ]; then
  install -m 0640 -o root -g wakegate "$here/deploy/wakegate.properties" /etc/wakegate/wakegate.properties
else
  echo "install: keeping the existing /etc/wakegate/wakegate.properties"
fi
install -d -m 0700 -o wakegate -g wakegate /var/lib/wakegate

config=/etc/wakegate/wakegate.properties
if grep -Eq '^[[:space:]]*uplink[[:space:]]*=[[:space:]]*wyoming:' "$config" && ! grep -Eq '^[[:space:]]*home-assistant[[:space:]]*=' "$config"; then
  if [ -z "$home_assistant" ] && [ -t 0 ]; then
    read -r -p "install: your Home Assistant's IP address (only it will get audio; empty: pair later with 'wakegate ctl pair'): " home_assistant
  fi
  if [ -n "$home_assistant" ]; then
    printf 'home-assistant = %s\n' "$home_assistant" >> "$config"
    echo "install: this satellite belongs to the Home Assistant at $home_assistant ($config)"
  else
    echo "install: no Home Assistant pinned; add the satellite in Home Assistant, then run 'sudo wakegate ctl pair' within two minutes"
  fi
fi

echo "install: systemd unit"
install -m 0644 "$here/deploy/wakegate.service" /etc/systemd/system/wakegate.service
systemctl daemon-reload
systemctl enable wakegate.service >/dev/null
# wakegate itself says whether the configuration is complete (any engine), reading it as the service user
if check=$(runuser -u wakegate -- /usr/local/bin/wakegate run --config /etc/wakegate/wakegate.properties --check 2>&1); then
  systemctl restart wakegate.service
  echo "install: started ($check); follow it with: journalctl -u wakegate -f"
else
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
