# Shared by the cluster scripts: where things live and how a process is checked.
# shellcheck shell=bash
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dfs_dir=".dfs"
run_dir="$dfs_dir/run"
log_dir="$dfs_dir/log"
auth_jar="auth/target/dfs-auth.jar"
meta_jar="meta/target/dfs-meta.jar"
datanode_jar="datanode/target/dfs-datanode.jar"
cli_jar="cli/target/dfs.jar"
java_opts="${DFS_SERVER_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}"

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
  # shellcheck disable=SC2086
  nohup java $java_opts -Ddfs.node="$name" "$@" >>"$log_dir/$name.log" 2>&1 </dev/null &
  echo $! >"$run_dir/$name.pid"
  echo "  started $name (pid $!)"
}
