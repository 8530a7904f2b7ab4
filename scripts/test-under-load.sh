#!/usr/bin/env bash
# Proves the tests hold under load: runs a test command several times in a row (default: the whole
# `npm test`, 3 times) while a CPU-heavy process competes for the cores — a software H.264 encode of an
# endless ffmpeg test pattern, restarted if it ever stops. Stops at the first failing run.
#
#   scripts/test-under-load.sh                                   # npm test, 3 times, under load
#   RUNS=1 scripts/test-under-load.sh npx playwright test --project app
#   LOAD_THREADS=1 scripts/test-under-load.sh                    # a lighter load (one encoder thread)
#
# Exit status: 0 only if every run passed. Needs ffmpeg with libx264 (Debian's ffmpeg has it).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
LOAD_THREADS=${LOAD_THREADS:-0} # 0: ffmpeg's default, every core
if [ "$#" -gt 0 ]; then cmd=("$@"); else cmd=(npm test); fi
command -v ffmpeg >/dev/null || {
  echo "test-under-load: ffmpeg is needed for the load (apt-get install ffmpeg)" >&2
  exit 2
}

# The load, in its own process group so it (and only it) is stopped when this script ends.
setsid bash -c "
  while true; do
    ffmpeg -hide_banner -loglevel error -nostdin -f lavfi -i testsrc2=s=1280x720:r=30 \
      -c:v libx264 -preset medium -threads $LOAD_THREADS -f null - || sleep 1
  done
" &
load=$!
stop_load() { kill -TERM -- "-$load" 2>/dev/null || true; }
trap stop_load EXIT INT TERM

sleep 2
if ! kill -0 "$load" 2>/dev/null; then
  echo "test-under-load: the load did not start" >&2
  exit 2
fi
echo "== load: looping ffmpeg libx264 encode (process group $load) =="

started=$(date +%s)
for run in $(seq 1 "$RUNS"); do
  printf '\n\033[1m== run %d of %d under load: %s ==\033[0m\n' "$run" "$RUNS" "${cmd[*]}"
  t0=$(date +%s)
  if ! "${cmd[@]}"; then
    echo "== run $run of $RUNS FAILED after $(($(date +%s) - t0)) s (load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
    exit 1
  fi
  echo "== run $run of $RUNS passed in $(($(date +%s) - t0)) s (load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
done
echo "== all $RUNS runs passed under load in $(($(date +%s) - started)) s =="
