# Sourced by ./mvnw and ./wakegate: makes JAVA_HOME point at a Java 21 or newer: a JDK for building (wg_find_jdk),
# a JDK or a JRE for running (wg_find_jdk runtime). Keeps a JAVA_HOME that is already new enough; else tries `java`
# on the PATH, then the usual install folders. Prints one line naming the fix if none is found.

wg_java_major() { # $1 = a JDK or JRE home; prints its major version, or nothing
  local v=""
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  fi
  if [ -z "$v" ] && [ -x "$1/bin/java" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  fi
  printf '%s' "$v"
}

wg_usable() { # $1 = home, $2 = "runtime" if a JRE will do
  [ "${2:-}" = runtime ] || [ -x "$1/bin/javac" ]
}

wg_find_jdk() {
  local min=21 best="" bestv=0 home v need=${1:-}
  if [ -n "${JAVA_HOME:-}" ] && [ "$(wg_java_major "$JAVA_HOME")" -ge "$min" ] 2>/dev/null && wg_usable "$JAVA_HOME" "$need"; then return 0; fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(wg_java_major "$home")
    if [ "${v:-0}" -ge "$min" ] && wg_usable "$home" "$need"; then export JAVA_HOME="$home"; return 0; fi
  fi
  # find, not a glob: mvnw runs with globbing off (set -f)
  for home in $(find /usr/lib/jvm /opt/java /usr/local/lib/jvm "$HOME/.sdkman/candidates/java" -mindepth 1 -maxdepth 1 2>/dev/null); do
    [ -x "$home/bin/java" ] || continue
    v=$(wg_java_major "$home")
    if [ "${v:-0}" -ge "$min" ] && [ "$v" -gt "$bestv" ] && wg_usable "$home" "$need"; then best=$home; bestv=$v; fi
  done
  if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  if [ "$need" = runtime ]; then
    echo "wakegate: needs Java $min or newer (found none). Fix: sudo scripts/install.sh (it installs one), or sudo apt install openjdk-21-jre-headless (Debian 13 / Raspberry Pi OS Trixie), or set JAVA_HOME" >&2
  else
    echo "wakegate: building needs a JDK $min or newer (found none). Fix: sudo apt install openjdk-21-jdk-headless (Debian 13), a Temurin 21 JDK (Bookworm), or set JAVA_HOME" >&2
  fi
  return 1
}
