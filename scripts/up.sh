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

mkdir -p "$run_dir" "$log_dir" "$dfs_dir/auth" "$dfs_dir/meta" "$dfs_dir/conf"
chmod 700 "$dfs_dir"

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

# The config a component runs with: the checked-in one, or with TLS a copy that speaks https and
# names the component's certificate.
config_for() {
  local name="$1" src="$2"
  if [ "$tls" = 0 ]; then
    echo "$src"
    return
  fi
  local out="$dfs_dir/conf/$name.json" cert="" t="$root/$dfs_dir/tls"
  if [ "$name" != client ]; then
    cert=", \"cert\": \"$t/$name.crt\", \"key\": \"$t/$name.key\""
  fi
  sed -e 's#http://#https://#g' -e '$ d' "$src" >"$out"
  printf '  ,"tls": {"ca": "%s"%s}\n}\n' "$t/ca.crt" "$cert" >>"$out"
  echo "$out"
}

# Service accounts: reuse each secret file if it exists, so restarts keep working.
java -jar "$auth_jar" service add --data-dir "$dfs_dir/auth" --id meta --role meta \
  --secret-file "$dfs_dir/meta/secret" >/dev/null
for ((i = 1; i <= nodes; i++)); do
  mkdir -p "$dfs_dir/datanode-$i"
  java -jar "$auth_jar" service add --data-dir "$dfs_dir/auth" --id "datanode-$i" --role datanode \
    --secret-file "$dfs_dir/datanode-$i/secret" >/dev/null
done

echo "starting DFS on 127.0.0.1 with $nodes data nodes"
start auth -jar "$auth_jar" --config "$(config_for auth configs/local/auth.json)"
wait_ready "$scheme://127.0.0.1:7000/ready" 60 auth
start meta -jar "$meta_jar" --config "$(config_for meta configs/local/meta.json)"
wait_ready "$scheme://127.0.0.1:7100/ready" 60 meta
for ((i = 1; i <= nodes; i++)); do
  conf="configs/local/datanode-$i.json"
  if [ ! -f "$conf" ]; then
    # Nodes beyond the checked-in ones follow the same pattern.
    conf="$dfs_dir/conf/datanode-$i.json"
    sed -e "s/datanode-1/datanode-$i/g" -e "s/\"port\": 7201/\"port\": $((7200 + i))/" \
      -e "s/\"httpPort\": 7301/\"httpPort\": $((7300 + i))/" configs/local/datanode-1.json >"$conf"
  fi
  start "datanode-$i" -jar "$datanode_jar" --config "$(config_for "datanode-$i" "$conf")"
done
for ((i = 1; i <= nodes; i++)); do
  wait_ready "$scheme://127.0.0.1:$((7300 + i))/ready" 60 "datanode-$i"
done
# The CLI (bin/dfs) reads this one: it follows the cluster's mode.
cp "$(config_for client configs/local/client.json)" "$dfs_dir/conf/client.json.new"
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
echo "status page: $scheme://127.0.0.1:7100/"
