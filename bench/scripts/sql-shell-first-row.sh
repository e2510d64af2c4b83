#!/usr/bin/env bash
# Time to the first row of the first query in a fresh `velo sql` shell, as a user sees it: the shell runs in a real
# terminal (tmux), the query is typed at the first prompt, and the clock runs from pressing Enter until the first
# row of the result table is on the screen. Each round starts a fresh shell (new JVM, new embedded cluster).
#   bench/scripts/sql-shell-first-row.sh [ROUNDS]      (default 5; needs tmux; run from the repository root)
set -euo pipefail
rounds="${1:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v tmux >/dev/null || { echo "needs tmux (apt-get install tmux)" >&2; exit 2; }
work="$(mktemp -d)"
socket="velo-shell-bench-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
{ echo "order_id,customer,amount"; for i in $(seq 1 10000); do echo "$i,customer_$((i % 97)),$((i % 1000)).25"; done; } \
  > "$work/orders.csv"
"$root/velo" --help >/dev/null 2>&1 || true   # builds velo once, outside the timing
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
screen() { tmux -L "$socket" capture-pane -p -t bench 2>/dev/null || true; }
prompts=() firsts=()
for round in $(seq 1 "$rounds"); do
  start=$(now_ms)
  tmux -L "$socket" new-session -d -s bench -x 200 -y 50 \
    "$root/velo sql --work-dir $work --history-file $work/history"
  until screen | grep -q '^velo>'; do
    [ $(( $(now_ms) - start )) -lt 300000 ] || { echo "no prompt within 300 s" >&2; screen >&2; exit 1; }
    sleep 0.02
  done
  prompt=$(( $(now_ms) - start ))
  tmux -L "$socket" send-keys -t bench -l "SELECT order_id, customer, amount FROM orders LIMIT 10 WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv')"
  tmux -L "$socket" send-keys -t bench -l '\;'
  enter=$(now_ms)
  tmux -L "$socket" send-keys -t bench Enter
  until screen | grep -qE '^\| 1 +\| customer_1 '; do
    [ $(( $(now_ms) - enter )) -lt 300000 ] || { echo "no row within 300 s" >&2; screen >&2; exit 1; }
    sleep 0.02
  done
  first=$(( $(now_ms) - enter ))
  echo "round $round: prompt after ${prompt} ms; first query, Enter to first row on screen: ${first} ms"
  prompts+=("$prompt") firsts+=("$first")
  tmux -L "$socket" kill-server 2>/dev/null || true
  sleep 1
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
echo "velo sql, median of $rounds fresh shells: prompt after $(median "${prompts[@]}") ms; first query's first row $(median "${firsts[@]}") ms after Enter"
