# Shared by the cluster scripts: where things live and how a process is checked.
# shellcheck shell=bash
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# DFS_LOCAL_DIR and DFS_PORT_OFFSET let a second local cluster (a test's) run beside the usual one.
dfs_dir="${DFS_LOCAL_DIR:-.dfs}"
port_offset="${DFS_PORT_OFFSET:-0}"
# The directory goes into sed replacements and JSON strings unquoted.
[[ "$dfs_dir" =~ ^[A-Za-z0-9._/-]+$ ]] || { echo "DFS_LOCAL_DIR may hold only A-Z a-z 0-9 . _ / -" >&2; exit 2; }
# Whole thousands keep the ports' last three digits, so node i still listens on ...2<i> and ...3<i>.
[[ "$port_offset" =~ ^[0-9]+$ ]] && ((port_offset % 1000 == 0 && port_offset <= 58000)) \
  || { echo "DFS_PORT_OFFSET must be a multiple of 1000 from 0 to 58000" >&2; exit 2; }
run_dir="$dfs_dir/run"
log_dir="$dfs_dir/log"
auth_jar="auth/target/dfs-auth.jar"
meta_jar="meta/target/dfs-meta.jar"
datanode_jar="datanode/target/dfs-datanode.jar"
cli_jar="cli/target/dfs.jar"
java_opts="${DFS_SERVER_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}"
# A data node's heap is mostly transfer buffers that die young: Serial GC collects them in
# milliseconds and does without G1's per-region bookkeeping, which kept its RSS above 300 MiB.
datanode_java_opts="${DFS_DATANODE_JAVA_OPTS:-${DFS_SERVER_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}}"

# A default port (7000, 7100, 7201, ...) as this cluster uses it.
port() {
  echo $(($1 + port_offset))
}

# An absolute path for one relative to the repository root.
absolute() {
  case "$1" in
    /*) echo "$1" ;;
    *) echo "$root/$1" ;;
  esac
}

# The config server "name" runs with: the checked-in file "src" itself for the default directory
# and ports without TLS; otherwise a copy in $dfs_dir/conf/ rewritten for them. Data node i beyond
# the checked-in ones follows datanode-1's file.
config_for() {
  local name="$1" src="$2" tls="${3:-0}" out="$dfs_dir/conf/$1.json" edits=() i
  if [[ "$name" =~ ^datanode-([0-9]+)$ ]] && [ ! -f "$src" ]; then
    i="${BASH_REMATCH[1]}"
    src="configs/local/datanode-1.json"
    edits+=(-e "s/datanode-1\\>/datanode-$i/g" -e "s/\\<7201\\>/$((7200 + i))/g" -e "s/\\<7301\\>/$((7300 + i))/g")
  fi
  if [ "$dfs_dir" != .dfs ]; then
    edits+=(-e "s#\"\\.dfs/#\"$dfs_dir/#g")
  fi
  if [ "$port_offset" != 0 ]; then
    # Every default port is 7000-7399; the offset is whole thousands, so only the first digit moves.
    edits+=(-e "s/\\<7\\([0-3][0-9][0-9]\\)\\>/$((7 + port_offset / 1000))\\1/g")
  fi
  if [ "$tls" = 1 ]; then
    edits+=(-e 's#http://#https://#g' -e '$ d')
  fi
  if [ "${#edits[@]}" = 0 ]; then
    echo "$src"
    return
  fi
  mkdir -p "$dfs_dir/conf"
  sed "${edits[@]}" "$src" >"$out.new"
  if [ "$tls" = 1 ]; then
    local t cert=""
    t="$(absolute "$dfs_dir/tls")"
    if [ "$name" != client ]; then
      cert=", \"cert\": \"$t/$name.crt\", \"key\": \"$t/$name.key\""
    fi
    printf '  ,"tls": {"ca": "%s"%s}\n}\n' "$t/ca.crt" "$cert" >>"$out.new"
  fi
  mv "$out.new" "$out"
  echo "$out"
}

# A string value of a config file as the checked-in ones are laid out: one key per line.
config_string() {
  sed -n "s/^ *\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -n 1
}

# Registers the service account a meta or data node config logs in with on the local auth server,
# reusing its secret file if there is one (so restarts keep working) or creating it.
service_account() {
  local role="$1" conf="$2" id secret
  id="$(config_string serviceAccount "$conf")"
  secret="$(config_string secretFile "$conf")"
  if [ -z "$id" ] && [ "$role" = meta ]; then
    id=meta
  fi
  if [ -z "$id" ] || [ -z "$secret" ]; then
    echo "$conf names no serviceAccount and secretFile; add the account with the auth jar's 'service add'" >&2
    return 1
  fi
  java -jar "$auth_jar" service add --data-dir "$dfs_dir/auth" --id "$id" --role "$role" \
    --secret-file "$secret" >/dev/null
}

# The local cluster's directory, private to its owner.
make_local_dir() {
  mkdir -p "$dfs_dir"
  chmod 700 "$dfs_dir"
}

# True while process $1 exists and is not a zombie: a server killed after its parent shell exited
# may linger as one under a PID 1 that does not reap, and holds nothing any more.
alive() {
  local state
  state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
  [ -n "$state" ] && [ "$state" != Z ]
}

# True if the pid file names a live process running one of our jars.
running() {
  local pidfile="$run_dir/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q "dfs-" "/proc/$pid/cmdline" 2>/dev/null
}

# Waits until an HTTP URL answers 200, or gives up after $2 seconds.
wait_ready() {
  local url="$1" seconds="${2:-60}" name="$3" i
  for ((i = 0; i < seconds * 5; i++)); do
    if curl -fsS ${curl_tls:-} -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    if [ -n "$name" ] && ! running "$name"; then
      echo "$name exited; see $log_dir/$name.log:" >&2
      tail -n 20 "$log_dir/$name.log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
  echo "$name not ready at $url after ${seconds}s; see $log_dir/$name.log" >&2
  return 1
}

# Starts "name" in the background unless it is already running.
start() {
  local name="$1"; shift
  if running "$name"; then
    echo "  $name already running (pid $(cat "$run_dir/$name.pid"))"
    return 0
  fi
  local opts="$java_opts"
  case "$name" in
    datanode*) opts="$datanode_java_opts" ;;
  esac
  # shellcheck disable=SC2086
  nohup java $opts -Ddfs.node="$name" "$@" >>"$log_dir/$name.log" 2>&1 </dev/null &
  echo $! >"$run_dir/$name.pid"
  echo "  started $name (pid $!)"
}
