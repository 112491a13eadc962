#!/usr/bin/env bash
# make up: start auth, meta and NODES data nodes on 127.0.0.1; start only what is not running.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
nodes="${1:-3}"
tls="${2:-0}"
[[ "$nodes" =~ ^[1-9][0-9]?$ ]] || { echo "NODES must be a number from 1 to 99" >&2; exit 2; }
[[ "$tls" =~ ^[01]$ ]] || { echo "TLS must be 0 or 1" >&2; exit 2; }
command -v curl >/dev/null || { echo "make up needs curl" >&2; exit 1; }

# Build when a jar is missing or older than any source or pom.
stale=0
for jar in "$auth_jar" "$meta_jar" "$datanode_jar" "$cli_jar"; do
  if [ ! -f "$jar" ] || [ -n "$(find common auth meta datanode cli pom.xml -newer "$jar" \( -name '*.java' -o -name '*.xml' -o -name '*.html' \) -not -path '*/target/*' -print -quit)" ]; then
    stale=1
  fi
done
if [ "$stale" = 1 ]; then
  echo "building..."
  make -s build
fi

make_local_dir
mkdir -p "$run_dir" "$log_dir" "$dfs_dir/auth" "$dfs_dir/meta" "$dfs_dir/conf"

# A cluster runs in one mode: switching needs make down first.
mode_file="$dfs_dir/conf/tls"
if [ -f "$mode_file" ] && [ "$(cat "$mode_file")" != "$tls" ] && ls "$run_dir"/*.pid >/dev/null 2>&1; then
  for pidfile in "$run_dir"/*.pid; do
    if running "$(basename "$pidfile" .pid)"; then
      echo "the running cluster has TLS=$(cat "$mode_file"); run make down first" >&2
      exit 1
    fi
  done
fi
echo "$tls" >"$mode_file"
scheme=http
if [ "$tls" = 1 ]; then
  scheme=https
  names=(auth meta)
  for ((i = 1; i <= nodes; i++)); do names+=("datanode-$i"); done
  scripts/tls.sh "$dfs_dir/tls" "${names[@]}"
  curl_tls="--cacert $dfs_dir/tls/ca.crt"
fi

auth_conf="$(config_for auth configs/local/auth.json "$tls")"
meta_conf="$(config_for meta configs/local/meta.json "$tls")"
node_confs=()
for ((i = 1; i <= nodes; i++)); do
  node_confs[i]="$(config_for "datanode-$i" "configs/local/datanode-$i.json" "$tls")"
done

# A running server is logged in already; each account costs a JVM and a password hash.
running meta || service_account meta "$meta_conf"
for ((i = 1; i <= nodes; i++)); do
  running "datanode-$i" || service_account datanode "${node_confs[i]}"
done

echo "starting DFS on 127.0.0.1 with $nodes data nodes"
start auth -jar "$auth_jar" --config "$auth_conf"
wait_ready "$scheme://127.0.0.1:$(port 7000)/ready" 60 auth
start meta -jar "$meta_jar" --config "$meta_conf"
wait_ready "$scheme://127.0.0.1:$(port 7100)/ready" 60 meta
for ((i = 1; i <= nodes; i++)); do
  start "datanode-$i" -jar "$datanode_jar" --config "${node_confs[i]}"
done
for ((i = 1; i <= nodes; i++)); do
  wait_ready "$scheme://127.0.0.1:$(port $((7300 + i)))/ready" 60 "datanode-$i"
done
# The CLI (bin/dfs) reads this one: it follows the cluster's mode, directory and ports.
client_conf="$(config_for client configs/local/client.json "$tls")"
cp "$client_conf" "$dfs_dir/conf/client.json.new"
mv "$dfs_dir/conf/client.json.new" "$dfs_dir/conf/client.json"

if [ ! -f "$dfs_dir/demo.password" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dfs_dir/demo.password")
  java -jar "$auth_jar" user add --data-dir "$dfs_dir/auth" --name demo --role admin --password-stdin \
    <"$dfs_dir/demo.password" >/dev/null
  echo "created user demo; password: $(cat "$dfs_dir/demo.password") (in $dfs_dir/demo.password)"
fi
chmod 600 "$dfs_dir/demo.password"
bin/dfs login --user demo --password-stdin --quiet <"$dfs_dir/demo.password"
echo "logged in as demo (token in ${DFS_HOME:-$HOME/.dfs})"
echo "status page: $scheme://127.0.0.1:$(port 7100)/"
