#!/usr/bin/env bash
# Issue 16 item 1: runs README's test command (`bash .ci/run`) N times in a row (default 3), each on a fresh clone of
# the current commit, while `stress-ng` keeps every core busy with CPU workers at normal priority. Stops at the
# first failing pass. Prints one line per pass: exit code, wall time, test count, failures, and the load average
# at its end; each pass's whole output is kept in <work>/pass-<i>.log. Needs the Debian package stress-ng
# (apt-get install stress-ng).
# Usage: scripts/ci-under-stress.sh [passes] [work folder, default /tmp/velo-stress]
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
passes="${1:-3}"
work="${2:-/tmp/velo-stress}"
command -v stress-ng >/dev/null || { echo "stress-ng is not installed (apt-get install stress-ng)" >&2; exit 2; }
commit="$(git -C "$repo" rev-parse --short HEAD)"
cores="$(nproc)"
mkdir -p "$work"
echo "commit $commit, $passes passes, stress-ng --cpu $cores beside each"
for i in $(seq 1 "$passes"); do
  # Next to the checkout, as CI's clone is: SpecCopyTest compares with ../shared/dialect and skips without it.
  clone="$(dirname "$repo")/velo-stress-clone-$i"
  log="$work/pass-$i.log"
  rm -rf "$clone"
  git clone -q "$repo" "$clone" && git -C "$clone" checkout -q "$commit"
  stress-ng --cpu "$cores" --timeout 0 --quiet &
  stress_pid=$!
  start=$(date +%s)
  bash "$clone/.ci/run" >"$log" 2>&1
  rc=$?
  seconds=$(( $(date +%s) - start ))
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$stress_pid"; wait "$stress_pid" 2>/dev/null
  totals="$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run:' "$log" | grep -v ' in ' \
    | awk -F'[:,] *' '{run+=$2; fail+=$4; err+=$6; skip+=$8} END {printf "%d tests, %d failures, %d errors, %d skipped", run, fail, err, skip}')"
  echo "pass $i: exit $rc, $((seconds / 60)) min $((seconds % 60)) s, $totals, load at end $load"
  [ "$rc" -eq 0 ] || { echo "pass $i failed; see $log"; exit "$rc"; }
done
echo "all $passes passes green"
