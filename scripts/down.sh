#!/usr/bin/env bash
# make down: stop every process make up started, by its pid file.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
shopt -s nullglob
for pidfile in "$run_dir"/*.pid; do
  name="$(basename "$pidfile" .pid)"
  if running "$name"; then
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
    echo "stopped $name"
  fi
  rm -f "$pidfile"
done
