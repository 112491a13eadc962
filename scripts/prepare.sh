#!/usr/bin/env bash
# scripts/prepare.sh auth|meta|datanode CONFIG: readies the local layout for one server run in the
# foreground (make -C auth|meta|datanode) as make up would, and prints the config to run it with.
# meta and data nodes log in to auth with a service account: it is registered in the local auth
# data directory and its secret file created, so they start on a fresh clone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
role="${1:-}"
src="${2:-}"
case "$role" in
  auth | meta | datanode) ;;
  *) echo "usage: scripts/prepare.sh auth|meta|datanode CONFIG" >&2; exit 2 ;;
esac
[ -f "$src" ] || { echo "no config file $src (paths are relative to $root)" >&2; exit 2; }
[ -f "$auth_jar" ] || make -s build >&2
make_local_dir
name="$role"
if [ "$role" = datanode ]; then
  name="$(config_string nodeName "$src")"
  name="${name:-datanode}"
fi
conf="$(config_for "$name" "$src")"
if [ "$role" != auth ]; then
  service_account "$role" "$conf"
fi
echo "$conf"
