#!/usr/bin/env bash
# wakegate on emulated Raspberry Pi hardware: Debian root file systems for arm64 and armhf, built once with mmdebstrap
# from Debian's packages and cached, in which the project's own install.sh runs (dry run, then for real, systemd not
# started), and then, under qemu-user, the commands a Pi owner runs. One line per check: OK, FAIL or SKIP, and why.
#
#   sudo scripts/arm-check.sh [--suite trixie] [--arch arm64,armhf] [--cpu cortex-a53,cortex-a76]
#
# Needs root, mmdebstrap, qemu-user-static and binfmt-support (Debian packages) and target/wakegate.jar.
# The root file systems live in ${WAKEGATE_ARM_CACHE:-/var/cache/wakegate-arm-check} (about 600 MB each).
# cortex-a76 runs with 16 KiB pages, as on a Raspberry Pi 5; armhf runs as a cortex-a15 (qemu-arm has no A53).
# Long: about an hour (half of it the arm64 enroll --verifier under qemu); not part of CI.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
suites=trixie arches=arm64,armhf cpus=cortex-a53,cortex-a76
while [ $# -gt 0 ]; do
  case $1 in
    --suite) suites=$2; shift 2 ;;
    --arch) arches=$2; shift 2 ;;
    --cpu) cpus=$2; shift 2 ;;
    *) echo "arm-check: unknown option $1. Fix: sudo $0 [--suite trixie] [--arch arm64,armhf] [--cpu cortex-a53,cortex-a76]" >&2; exit 2 ;;
  esac
done
cache=${WAKEGATE_ARM_CACHE:-/var/cache/wakegate-arm-check}
jar=$here/target/wakegate.jar
# the host's own runs (enroll, the x86-64 reference scan, the native noexec check) need Java 21+, as the launcher does
if [ -z "${JAVA:-}" ]; then . "$here/.mvn/find-jdk.sh"; wg_find_jdk runtime || exit 1; JAVA=$JAVA_HOME/bin/java; fi
shared=${WAKEGATE_SHARED:-$here/../shared}
corpus=$shared/corpus/dev/flite_slt
models=$shared/models/openwakeword   # feature models (Apache-2.0) and a wake model, copied into the chroot only
failures=0

[ "$(id -u)" = 0 ] || { echo "arm-check: needs root (chroot, mounts). Fix: sudo $0" >&2; exit 1; }
for tool in mmdebstrap qemu-aarch64-static qemu-arm-static; do
  command -v $tool >/dev/null || { echo "arm-check: $tool is missing. Fix: sudo apt-get install mmdebstrap qemu-user-static binfmt-support" >&2; exit 1; }
done
[ -f "$jar" ] || { echo "arm-check: $jar is missing. Fix: ./mvnw -q -B -DskipTests package" >&2; exit 1; }
# a fresh machine or container may not have binfmt_misc mounted: without it mmdebstrap cannot run Arm binaries
[ -f /proc/sys/fs/binfmt_misc/status ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null
[ -d /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || [ -f /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable >/dev/null 2>&1
mkdir -p "$cache"

report() { # STATUS NAME DETAIL
  printf '%-4s %-44s %s\n' "$1" "$2" "$3"
  [ "$1" = FAIL ] && failures=$((failures + 1))
  return 0
}

rootfs() { # SUITE ARCH -> prints the directory, building it once
  local dir=$cache/$1-$2
  if [ ! -x "$dir/usr/bin/apt-get" ]; then
    if findmnt -rn -o TARGET | grep -q "^$dir.tmp/"; then
      echo "arm-check: file systems are still mounted under $dir.tmp (an interrupted mmdebstrap). Fix: umount -R them, then retry" >&2
      return 1
    fi
    rm -rf "$dir.tmp"
    # a bare system: install.sh itself brings Java and alsa-utils, as on a fresh Raspberry Pi OS Lite
    mmdebstrap --variant=apt --architectures="$2" --include=ca-certificates,systemd,passwd,python3,procps \
      "$1" "$dir.tmp" http://deb.debian.org/debian >"$cache/$1-$2.log" 2>&1 || return 1
    rm -rf "$dir"; mv "$dir.tmp" "$dir"
  fi
  printf '%s' "$dir"
}

mounts() { # DIR up|down
  if [ "$2" = up ]; then
    mount --bind /proc "$1/proc"; mount --bind /dev "$1/dev"; mount -t tmpfs tmpfs "$1/tmp"
    mkdir -p "$1/run/wakegate"; mount -t tmpfs -o noexec,mode=0755 tmpfs "$1/run/wakegate"
  else
    umount "$1/run/wakegate" "$1/tmp" "$1/dev" "$1/proc" 2>/dev/null
  fi
}

# in DIR CPU COMMAND...: runs COMMAND in the chroot under qemu-user with that CPU (and 16 KiB pages on a Pi 5's A76)
in_chroot() {
  local dir=$1 cpu=$2; shift 2
  local env=(QEMU_CPU="$cpu")
  [ "$cpu" = cortex-a76 ] && env+=(QEMU_PAGESIZE=16384)
  env "${env[@]}" chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"
}

check_install() { # SUITE ARCH DIR
  local name="$1/$2 install.sh"
  rm -rf "$3/src/wakegate"; mkdir -p "$3/src/wakegate/target"
  cp -r "$here/scripts" "$here/deploy" "$3/src/wakegate/"
  cp "$jar" "$3/src/wakegate/target/wakegate.jar"
  local plan; plan=$(in_chroot "$3" max /bin/bash /src/wakegate/scripts/install.sh --dry-run --no-start 2>&1)
  if [ $? -eq 0 ]; then report OK "$name --dry-run" "$(printf '%s' "$plan" | grep -E 'Java|would install packages' | tr '\n' ';' | cut -c1-200)"
  else report FAIL "$name --dry-run" "$(printf '%s' "$plan" | tail -n 1)"; fi
  # a wake word where the default configuration looks for it (enrolled on the host), so that the install's check can pass
  mkdir -p "$3/etc/wakegate"
  [ -f "$3/etc/wakegate/hey-computer.json" ] || "${JAVA:-java}" -jar "$jar" enroll --name hey-computer --out "$3/etc/wakegate/hey-computer.json" \
    "$corpus"/enroll/{1,2,3}.wav >/dev/null 2>&1
  local out; out=$(in_chroot "$3" max /bin/bash /src/wakegate/scripts/install.sh --no-start --home-assistant 127.0.0.1 2>&1)
  if [ $? -eq 0 ] && [ -f "$3/etc/systemd/system/wakegate.service" ] && [ -f "$3/opt/wakegate/wakegate.jar" ] \
     && [ -x "$3/usr/local/bin/wakegate" ]; then
    report OK "$name" "$(printf '%s\n' "$out" | grep -E '^install: (started|ready|done)' | cut -c1-170)$([ -s "$3/var/cache/wakegate/wakegate.jsa" ] && echo "; class-data archive written")"
  else
    local why; why=$(printf '%s\n' "$out" | grep -A1 -m1 FAILED | tr '\n' ' ')   # the step that failed and its cause
    report FAIL "$name" "${why:-$(printf '%s' "$out" | tail -n 1)}"
  fi
}

unit_jvm_options() { # DIR: the installed unit's JVM options, one line
  sed -e ':a' -e '/\\$/N; s/\\\n *//; ta' "$1/etc/systemd/system/wakegate.service" | sed -n 's#^ExecStart=[^ ]*java \(.*\) -jar .*#\1#p'
}

# The default confirmation in noise (speech embeddings of the takes heard through the candidate's background, computed
# afresh per candidate through ONNX Runtime): run over 48 s of flite kal16's dev stream with the exercise-bike
# recording under it at 10 dB, its template enrolled on this machine; as many candidates confirmed that way as here.
check_confirmation_in_noise() { # TAG DIR CPU
  local tag=$1 dir=$2 cpu=$3 kal=$shared/corpus/dev/flite_kal16
  python3 "$here/scripts/noisy_stream.py" "$kal/stream.wav" "$shared/real/noise/exercise_bike.wav" "$dir/work/noisy.wav" --snr 10 --from 60 --seconds 48
  rm -f "$dir/work/kal.json"
  "$JAVA" -jar "$jar" enroll --oww-features "$models" --name hey-computer --out "$dir/work/kal.json" "$kal"/enroll/{1,2,3}.wav >/dev/null 2>&1
  local run="run --input /work/noisy.wav --model /work/kal.json --oww-features /work/features --gpio mock --uplink http://127.0.0.1:9/ --events-json --audit-log /work/audit-noisy.jsonl"
  local through='"confirmed".*takes heard through the background'
  local here_n arm_n out
  here_n=$(cd "$dir" && "$JAVA" -jar "$jar" ${run//\/work/$dir/work} 2>/dev/null | grep -c "$through")
  out=$(in_chroot "$dir" "$cpu" /usr/bin/java -Djava.io.tmpdir=/var/cache/wakegate -jar /opt/wakegate/wakegate.jar $run 2>&1)
  arm_n=$(printf '%s\n' "$out" | grep -c "$through")
  if [ "$arm_n" -ge 1 ] && [ "$arm_n" = "$here_n" ]; then
    report OK "$tag confirmation in noise (embeddings heard through the background)" "$arm_n confirmed that way, as on x86-64"
  else report FAIL "$tag confirmation in noise (embeddings heard through the background)" "$arm_n confirmed that way; x86-64: $here_n; $(printf '%s\n' "$out" | grep -v '^{' | tail -n 1 | cut -c1-120)"; fi
}

# enroll --verifier as a Pi owner types it (the installed command, espeak-ng from install.sh), in the 16 MB heap the
# checkout's launcher gives enroll: a verifier on arm64, whose weights are compared with the one x86-64 learns from the
# same takes; on armhf (no ONNX Runtime) a log-mel template and a line saying there is no verifier.
check_verifier() { # TAG DIR CPU ARCH
  local tag=$1 dir=$2 cpu=$3 out rc t0 secs
  rm -f "$dir/work/hc-ver.json"
  t0=$(date +%s)
  out=$(in_chroot "$dir" "$cpu" /usr/bin/env WAKEGATE_JAVA_OPTS=-Xmx16m /usr/local/bin/wakegate enroll --verifier --oww-features /work/features \
    --name hey-computer --out /work/hc-ver.json /work/1.wav /work/2.wav /work/3.wav 2>&1)
  rc=$? secs=$(( $(date +%s) - t0 ))
  if [ "$4" = armhf ]; then
    if [ $rc = 0 ] && ! grep -q verifiers "$dir/work/hc-ver.json" && printf '%s' "$out" | grep -q "No verifier: it learns from speech embeddings"; then
      report OK "$tag enroll --verifier (-Xmx16m)" "log mel only, and says: No verifier: it learns from speech embeddings"
    else report FAIL "$tag enroll --verifier (-Xmx16m)" "exit $rc; $(printf '%s' "$out" | grep -v '^\s*at ' | tail -n 1 | cut -c1-150)"; fi
    return
  fi
  "$JAVA" -Xmx16m -jar "$jar" enroll --verifier --oww-features "$models" --name hey-computer --out "$dir/work/hc-ver-x86.json" \
    "$corpus"/enroll/{1,2,3}.wav >/dev/null 2>&1
  local compared; compared=$(python3 - "$dir/work/hc-ver.json" "$dir/work/hc-ver-x86.json" <<'PY' 2>&1
import json, sys
a, b = (json.load(open(f))["speech_embeddings"]["verifiers"] for f in sys.argv[1:3])
assert len(a) == len(b) == 1, "verifiers: %d here, %d on x86-64" % (len(a), len(b))
wa, wb = a[0]["weights"], b[0]["weights"]
print("largest weight difference %.1f %% of the largest weight; bias %.3f vs %.3f"
      % (100 * max(abs(x - y) for x, y in zip(wa, wb)) / max(abs(x) for x in wb), a[0]["bias"], b[0]["bias"]))
PY
)
  if [ $rc = 0 ] && printf '%s' "$out" | grep -q "A verifier learned from them" && printf '%s' "$compared" | grep -q "^largest"; then
    report OK "$tag enroll --verifier (-Xmx16m)" "${secs}s under qemu; vs x86-64: $compared"
  else report FAIL "$tag enroll --verifier (-Xmx16m)" "exit $rc; $(printf '%s\n%s' "$out" "$compared" | grep -v '^\s*at ' | tail -n 1 | cut -c1-150)"; fi
}

check_commands() { # SUITE ARCH DIR CPU
  local tag="$1/$2 $4" dir=$3 cpu=$4 t0 t1 out
  local java=/usr/bin/java wg="-jar /opt/wakegate/wakegate.jar"
  mkdir -p "$dir/work/features"; cp "$corpus"/enroll/{1,2,3}.wav "$dir/work/"
  cp "$models"/{melspectrogram,embedding_model,alexa_v0.1}.onnx "$dir/work/features/"
  local features="--oww-features /work/features"
  python3 - "$corpus/stream.wav" "$dir/work/excerpt.wav" <<'PY'
import sys, wave
src, dst = wave.open(sys.argv[1]), wave.open(sys.argv[2], "wb")
dst.setparams(src.getparams()); src.setpos(120 * src.getframerate()); dst.writeframes(src.readframes(48 * src.getframerate())); dst.close()
PY

  # --no-verifier where the check is not about it (it is below, with -Xmx16m): learning one takes half an hour under qemu
  out=$(in_chroot "$dir" "$cpu" $java $wg enroll --no-verifier --name hey-computer --out /work/hc.json /work/1.wav /work/2.wav /work/3.wav 2>&1)
  if [ -s "$dir/work/hc.json" ]; then report OK "$tag enroll" "3 takes -> /work/hc.json"; else report FAIL "$tag enroll" "$(printf '%s' "$out" | tail -n 1)"; fi

  out=$(in_chroot "$dir" "$cpu" $java $wg scan --model /work/hc.json --json /work/excerpt.wav 2>&1)
  local n; n=$(printf '%s\n' "$out" | grep -c '"word"')
  local x86; x86=$("${JAVA:-java}" -jar "$jar" scan --model "$dir/work/hc.json" --json "$dir/work/excerpt.wav" 2>/dev/null | sed 's#"file": "[^"]*"##')
  if [ "$n" -ge 1 ] && [ "$(printf '%s\n' "$out" | grep '"word"' | sed 's#"file": "[^"]*"##')" = "$x86" ]; then
    report OK "$tag scan (template)" "$n detections, identical to x86-64"
  else report FAIL "$tag scan (template)" "$n detections; x86-64: $(printf '%s\n' "$x86" | grep -c word)"; fi

  rm -f "$dir/work/hc-emb.json"
  out=$(in_chroot "$dir" "$cpu" $java $wg enroll --no-verifier $features --name hey-computer --out /work/hc-emb.json /work/1.wav /work/2.wav /work/3.wav 2>&1)
  if [ "$2" = armhf ]; then
    # no ONNX Runtime on 32-bit Arm: enroll keeps the log mel spectra and says why; embedding scans refuse in one line
    local refused; refused=$(in_chroot "$dir" "$cpu" $java $wg scan $features --template-features embedding --model /work/hc-emb.json /work/excerpt.wav 2>&1)
    if [ -s "$dir/work/hc-emb.json" ] && ! grep -q speech_embeddings "$dir/work/hc-emb.json" && printf '%s' "$out" | grep -q "has no build for this machine" \
        && printf '%s' "$refused" | grep -q "no build for 32-bit Arm" && [ "$(printf '%s\n' "$refused" | grep -c .)" -le 2 ]; then
      report OK "$tag enroll (log mel only) + scan (embedding)" "enroll says why; scan refused in one line: $(printf '%s' "$refused" | tail -n 1 | cut -c1-70)…"
    else report FAIL "$tag enroll (log mel only) + scan (embedding)" "$(printf '%s' "$out$refused" | tail -n 1 | cut -c1-160)"; fi
  elif [ -s "$dir/work/hc-emb.json" ]; then
    out=$(in_chroot "$dir" "$cpu" $java -Djava.io.tmpdir=/var/cache/wakegate $wg scan $features --model /work/hc-emb.json --json /work/excerpt.wav 2>&1)
    report "$([ "$(printf '%s\n' "$out" | grep -c '"word"')" -ge 1 ] && echo OK || echo FAIL)" "$tag enroll + scan (embedding, ONNX Runtime)" \
      "$(printf '%s\n' "$out" | grep -c '"word"') detections"
    # the embedding model re-cut to run step by step must give the window model's embeddings on this CPU's kernels,
    # else it is not used (and the embeddings cost three times as much): the same detections as x86-64, and -v says so
    local emb="scan $features --template-features embedding -v --json"
    out=$(in_chroot "$dir" "$cpu" $java -Djava.io.tmpdir=/var/cache/wakegate $wg $emb --model /work/hc-emb.json /work/excerpt.wav 2>&1)
    x86=$("$JAVA" -jar "$jar" ${emb//\/work/$dir/work} --model "$dir/work/hc-emb.json" "$dir/work/excerpt.wav" 2>/dev/null | grep '"word"' | sed 's#"file": "[^"]*"##')
    if printf '%s' "$out" | grep -q "computed step by step" && [ "$(printf '%s\n' "$out" | grep '"word"' | sed 's#"file": "[^"]*"##')" = "$x86" ]; then
      report OK "$tag speech embeddings step by step" "the re-cut model is used; $(printf '%s\n' "$x86" | grep -c word) detections, identical to x86-64"
    else report FAIL "$tag speech embeddings step by step" "$(printf '%s\n' "$out" | grep -m1 'speech embeddings computed' | cut -c1-120); $(printf '%s\n' "$out" | grep -c '"word"') detections, x86-64 $(printf '%s\n' "$x86" | grep -c word)"; fi
  else report FAIL "$tag enroll (embedding)" "$(printf '%s' "$out" | tail -n 1 | cut -c1-160)"; fi

  [ "$2" = armhf ] || check_confirmation_in_noise "$tag" "$dir" "$cpu"
  check_verifier "$tag" "$dir" "$cpu" "$2"

  # run with mock GPIO and an HTTP receiver on loopback, with the unit's JVM options (tmpdir in the cache, not noexec /run)
  local opts; opts=$(unit_jvm_options "$dir")
  mkdir -p "$dir/var/cache/wakegate"
  python3 - > "$dir/work/receiver.log" 2>&1 <<'PY' &
import http.server, socketserver
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = 0
        while True:
            size = int(self.rfile.readline().strip() or b"0", 16)
            if size == 0: break
            n += len(self.rfile.read(size)); self.rfile.readline()
        self.rfile.readline()
        print("received", n, flush=True)
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
socketserver.TCPServer.allow_reuse_address = True
with socketserver.TCPServer(("127.0.0.1", 18642), H) as s: s.timeout = 120; s.handle_request(); s.handle_request(); s.handle_request()
PY
  local receiver=$!
  python3 - "$dir/work/notify.sock" > "$dir/work/notify.log" 2>&1 <<'PY' &
import os, socket, sys
if os.path.exists(sys.argv[1]): os.unlink(sys.argv[1])
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(300)
while "READY=1" not in s.recv(4096).decode(): pass
print("READY=1")
PY
  local notify=$!
  sleep 0.5
  t0=$(date +%s.%N)
  out=$(in_chroot "$dir" "$cpu" NOTIFY_SOCKET=/work/notify.sock $java $opts $wg run --input /work/excerpt.wav --model /work/hc.json --gpio mock \
        --uplink http://127.0.0.1:18642/ --events-json --audit-log /work/audit.jsonl 2>&1)
  t1=$(date +%s.%N)
  kill $receiver $notify 2>/dev/null; wait $receiver $notify 2>/dev/null
  report "$(grep -q READY=1 "$dir/work/notify.log" && echo OK || echo FAIL)" "$tag sd_notify READY=1 (JNA, libsystemd)" \
    "$(cat "$dir/work/notify.log" | tail -n 1)"
  local sessions; sessions=$(printf '%s\n' "$out" | grep -c '"stream-end".*"outcome": "ok"')
  if [ "$sessions" -ge 1 ] && grep -q received "$dir/work/receiver.log"; then
    report OK "$tag run --gpio mock, HTTP on loopback" "$sessions sessions ok, $(grep -c received "$dir/work/receiver.log") received; $(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s in all"
  else report FAIL "$tag run --gpio mock, HTTP on loopback" "$(printf '%s\n' "$out" | grep -v '^{' | tail -n 1 | cut -c1-160)"; fi

  # the unit's options with /run noexec: natives load from the cache directory; the old options (tmpdir /run) do not
  local oww="scan --engine oww $features --oww-model /work/features/alexa_v0.1.onnx --json /work/excerpt.wav"
  local old old_rc rc
  old=$(in_chroot "$dir" "$cpu" $java $opts -Djava.io.tmpdir=/run/wakegate -Djna.tmpdir=/run/wakegate $wg $oww 2>&1); old_rc=$?
  out=$(in_chroot "$dir" "$cpu" $java $opts $wg $oww 2>&1); rc=$?
  if [ "$2" = armhf ]; then
    report "$(printf '%s' "$out" | grep -q 'no build for 32-bit Arm' && echo OK || echo FAIL)" "$tag scan --engine oww" "refused: $(printf '%s' "$out" | tail -n 1 | cut -c1-100)…"
  else
    report "$([ $rc = 0 ] && echo OK || echo FAIL)" "$tag oww (ONNX Runtime), unit options" \
      "exit $rc; with tmpdir on the noexec /run: exit $old_rc (qemu-user does not enforce noexec: see the native check)"
  fi
  # Pi4J's gpiod provider opens GPIO only on a board it knows (by the revision code in /proc/cpuinfo, else by
  # /proc/device-tree/model). As the chroot is, it knows none: one line says so. Told it is a Pi 5 (a /proc/cpuinfo
  # with a Pi 5's revision, bind-mounted for this check only), the provider unpacks its bundled libgpiod into the
  # cache directory, loads it, lists the GPIO chips natively and finds none: one line, after the native code ran.
  local gpio="run --input /work/excerpt.wav --model /work/hc.json --gpio gpiod --uplink http://127.0.0.1:9/ --audit-log /work/audit-gpiod.jsonl"
  out=$(in_chroot "$dir" "$cpu" $java $opts $wg $gpio 2>&1)
  report "$(printf '%s' "$out" | grep -q 'does not know this board' && echo OK || echo FAIL)" "$tag GPIO on an unknown board" \
    "$(printf '%s\n' "$out" | tail -n 1 | cut -c1-120)…"
  printf 'processor\t: 0\nHardware\t: BCM2835\nRevision\t: d04170\nModel\t\t: Raspberry Pi 5 Model B Rev 1.0\n' > "$dir/tmp/cpuinfo-pi5"
  mount --bind "$dir/tmp/cpuinfo-pi5" "$dir/proc/cpuinfo"
  out=$(in_chroot "$dir" "$cpu" $java $opts -Dorg.slf4j.simpleLogger.log.com.pi4j.library.gpiod=debug $wg $gpio 2>&1)
  umount "$dir/proc/cpuinfo"
  local loaded; loaded=$(printf '%s\n' "$out" | grep -c 'loaded successfully')
  if [ "$loaded" -ge 2 ] && printf '%s' "$out" | tail -n 1 | grep -q 'no GPIO chip'; then
    report OK "$tag Pi4J gpiod natives as a Pi 5, unit options" "libgpiod + libpi4j-gpiod loaded; $(printf '%s\n' "$out" | tail -n 1 | cut -c1-90)…"
  else
    report FAIL "$tag Pi4J gpiod natives as a Pi 5, unit options" "$(printf '%s\n' "$out" | grep -m1 -E 'UnsatisfiedLinkError|failed to map|Exception|wakegate:' | cut -c1-160)"
  fi
  out=$(in_chroot "$dir" "$cpu" $java $opts $wg --version 2>&1)
  report "$(printf '%s' "$out" | grep -q wakegate && echo OK || echo FAIL)" "$tag JVM with the unit's options" "$(printf '%s' "$out" | tr '\n' ' ' | cut -c1-120)"
}

# noexec is a kernel check that qemu-user does not make for the programs it runs: test it natively, on this machine
check_noexec_native() {
  local base java=${JAVA:-java} opts
  base=$(mktemp -d)
  mkdir -p "$base/run" "$base/cache" "$base/features"
  mount -t tmpfs -o noexec tmpfs "$base/run"
  cp "$models"/{melspectrogram,embedding_model,alexa_v0.1}.onnx "$base/features/"
  opts=$(sed -e ':a' -e '/\\$/N; s/\\\n *//; ta' "$here/deploy/wakegate.service" | sed -n 's#^ExecStart=[^ ]*java \(.*\) -jar .*#\1#p' \
    | sed "s#/var/cache/wakegate#$base/cache#g")
  local oww="scan --engine oww --oww-features $base/features --oww-model $base/features/alexa_v0.1.onnx --json $corpus/enroll/1.wav"
  "$java" $opts -jar "$jar" $oww >/dev/null 2>&1; local new_rc=$?
  local old; old=$("$java" $opts -Djava.io.tmpdir="$base/run" -Djna.tmpdir="$base/run" -jar "$jar" $oww 2>&1); local old_rc=$?
  report "$([ $new_rc = 0 ] && [ $old_rc != 0 ] && echo OK || echo FAIL)" "native $(uname -m): oww with a noexec /run" \
    "unit options: exit $new_rc; tmpdir on noexec: exit $old_rc, $(printf '%s' "$old" | tail -n 1 | cut -c1-90)"
  umount "$base/run"; rm -rf "$base"
}

echo "arm-check: $(date -u +%FT%TZ), $(qemu-aarch64-static --version | head -n 1), jar $(du -h "$jar" | cut -f1)"
check_noexec_native
for suite in ${suites//,/ }; do
  for arch in ${arches//,/ }; do
    if ! dir=$(rootfs "$suite" "$arch"); then report FAIL "$suite/$arch root file system" "mmdebstrap failed: see $cache/$suite-$arch.log"; continue; fi
    report OK "$suite/$arch root file system" "$dir"
    mounts "$dir" up
    check_install "$suite" "$arch" "$dir"
    if [ ! -x "$dir/usr/bin/java" ]; then report FAIL "$suite/$arch Java" "install.sh left no /usr/bin/java"; mounts "$dir" down; continue; fi
    report OK "$suite/$arch Java" "$(in_chroot "$dir" max /usr/bin/java -version 2>&1 | head -n 1)"
    for cpu in ${cpus//,/ }; do
      if [ "$arch" = armhf ]; then
        # 32-bit Raspberry Pi OS runs the A53/A72 in AArch32, an ARMv7 machine to it; qemu-arm's nearest is the A15
        [ "$cpu" = cortex-a76 ] && continue
        cpu=cortex-a15
      fi
      check_commands "$suite" "$arch" "$dir" "$cpu"
    done
    mounts "$dir" down
  done
done
echo "arm-check: $failures failed"
[ "$failures" = 0 ]
