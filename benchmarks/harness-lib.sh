# Shared by benchmarks/run-e2e.sh and benchmarks/run-llm-streams.sh (sourced, not run).

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
