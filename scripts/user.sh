#!/usr/bin/env bash
# make user NAME=bob: add (or reset) a user of the local auth server; password from stdin.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
name="${1:-}"
[ -n "$name" ] || { echo "usage: make user NAME=<name>   (password on stdin)" >&2; exit 2; }
[ -f "$auth_jar" ] || make -s build
make_local_dir
mkdir -p "$dfs_dir/auth"
if [ -t 0 ]; then
  exec java -jar "$auth_jar" user add --data-dir "$dfs_dir/auth" --name "$name"
fi
exec java -jar "$auth_jar" user add --data-dir "$dfs_dir/auth" --name "$name" --password-stdin
