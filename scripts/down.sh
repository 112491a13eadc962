#!/usr/bin/env bash
# make down: stop every process make up started, by its pid file.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
shopt -s nullglob
# Every server is asked to stop at once, then each is waited for: shutdowns overlap.
names=()
for pidfile in "$run_dir"/*.pid; do
  name="$(basename "$pidfile" .pid)"
  if running "$name"; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    names+=("$name")
  else
    rm -f "$pidfile"
  fi
done
for name in ${names[@]+"${names[@]}"}; do
  pid="$(cat "$run_dir/$name.pid")"
  for _ in $(seq 1 50); do
    alive "$pid" || break
    sleep 0.2
  done
  if alive "$pid"; then
    kill -9 "$pid" 2>/dev/null || true
  fi
  echo "stopped $name"
  rm -f "$run_dir/$name.pid"
done
