#!/usr/bin/env bash
# Runs the bench module's tests N times in a row (default 4) on the reactor's own classpath, and prints one line per
# run: exit code, seconds, load average, and whether surefire reported an abnormal fork end ("Error occurred in
# starting fork" = the test JVM's exit code was not 0). bench/target/jvm-exit.txt names who ended each test JVM
# (ExitWitness). Used for issue 16 item 1; run it while the machine is busy to look for the abnormal end.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-4}"
for i in $(seq 1 "$runs"); do
  log="bench/target/repeat-$i.log"
  mkdir -p bench/target
  start=$(date +%s)
  mvn -B -ntp -pl bench -am test -Dtest='dev.veloflink.bench.*Test' -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  rc=$?
  echo "run $i: exit $rc, $(( $(date +%s) - start )) s, load $(cut -d' ' -f1 /proc/loadavg)," \
    "abnormal fork ends: $(grep -c 'Error occurred in starting fork' "$log")"
done
