# Shared by the harnesses in benchmarks/ (sourced, not run).

# find_java: a JDK 21+ java for the harness (JAVA when set, else Temurin 25, any JDK 21+ under /usr/lib/jvm, java).
find_java() {
  local c
  [ -n "${JAVA:-}" ] && { echo "$JAVA"; return; }
  for c in /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*-2[1-9]*/bin/java "$(command -v java || true)"; do
    [ -x "$c" ] && { echo "$c"; return; }
  done
  return 0 # none: the caller says so
}

# ensure_tools SCRIPT CHECK=PACKAGE ...: installs (as root, with apt-get) the Debian packages whose check fails;
# a check is a command name, or an absolute path that must exist. Needs LOG and say() from the caller.
ensure_tools() {
  local script=$1 spec check need=()
  shift
  for spec in "$@"; do
    check=${spec%%=*}
    if [[ $check == /* ]]; then
      [ -e "$check" ] || need+=("${spec#*=}")
    else
      command -v "$check" >/dev/null 2>&1 || need+=("${spec#*=}")
    fi
  done
  [ "${#need[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "$script: missing ${need[*]}; install them: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    exit 2
  fi
  say "installing ${need[*]} ..."
  apt-get update -q >>"$LOG" 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >>"$LOG" 2>&1
}

# start_nginx WORK PROCESSES HTTP_LINES SERVERS: an nginx of its own, its config, pid, logs and temp files under
# WORK/nginx (logs in WORK/nginx/logs), stopped when the caller exits (an EXIT trap; a caller with its own trap calls
# stop_nginx WORK from it). HTTP_LINES go into the http block (e.g. a log_format), SERVERS are its server blocks.
start_nginx() {
  local dir=$1/nginx
  mkdir -p "$dir/logs" "$dir/tmp"
  cat > "$dir/nginx.conf" <<CONF
worker_processes $2;
error_log $dir/logs/error.log warn;
pid $dir/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  $3
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 75s;
  $4
}
CONF
  # shellcheck disable=SC2064
  trap "stop_nginx '$1'" EXIT
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log"
}

stop_nginx() { [ -f "$1/nginx/nginx.pid" ] && kill "$(cat "$1/nginx/nginx.pid")" 2>/dev/null || true; }

# await_url URL [CURL OPTIONS...]: waits up to 5 s for URL to answer
await_url() {
  local url=$1
  shift
  for _ in $(seq 50); do curl -s -o /dev/null "$@" "$url" && return 0; sleep 0.1; done
  return 0
}
