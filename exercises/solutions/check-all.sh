#!/usr/bin/env bash
# Checks every Python and C starter and every solution of the exercises with the conformance
# checker, and prints a table: each starter must fail, and each solution must fail exactly what its
# model fails by design (01: one client at a time; 03: polling burns a core), nothing else.
#
#   exercises/solutions/check-all.sh            # everything, about 6 minutes on 2 cores
#   exercises/solutions/check-all.sh 04         # only the rows whose name matches 04 (a grep -E pattern)
#
# Needs python3, make and a C compiler, and the checker's jar, built once from the repository root:
#   ./mvnw -q -pl conformance -am package -DskipTests
# Each server runs in a process group of its own on a free port (port 0; the port is read from its
# "listening on" line), and the checker gets its pid. Every server started here is stopped here,
# however the script ends. Exit 0 when every row is as expected, 1 when one is not, 2 when
# something needed is missing. Linux only (the checker's --pid cases read /proc; 06's C uses epoll).
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
JAR=conformance/target/conformance.jar
EX=exercises
SOL=exercises/solutions
FILTER=${1:-.}

# ---- what is needed ----

java_feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
JAVA=""
for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  if [ -x "$candidate" ] && [ "$(java_feature "$candidate" || echo 0)" -ge 21 ] 2>/dev/null; then
    JAVA=$candidate
    break
  fi
done
[ -n "$JAVA" ] || { echo "check-all: no Java 21 or newer (set JAVA_HOME)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "check-all: no $JAR; build it: ./mvnw -q -pl conformance -am package -DskipTests" >&2; exit 2; }
command -v python3 >/dev/null || { echo "check-all: no python3" >&2; exit 2; }
command -v make >/dev/null || { echo "check-all: no make" >&2; exit 2; }
command -v setsid >/dev/null || { echo "check-all: no setsid (util-linux)" >&2; exit 2; }

OUT=$(mktemp -d "${TMPDIR:-/tmp}/check-all.XXXXXX")
echo "check-all: logs in $OUT; java: $JAVA"

# ---- stopping every server started here ----

STARTED=() # the process group of the server running now (it leads a group of its own)
stop_group() {
  local pgid=$1
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 50); do
    kill -0 -- "-$pgid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pgid" 2>/dev/null
  wait "$pgid" 2>/dev/null
  return 0
}
stop_all() {
  for pgid in "${STARTED[@]}"; do
    stop_group "$pgid"
  done
  STARTED=()
}
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT TERM

# ---- building the C ones ----

BUILD_PROBLEMS=0
for dir in "$EX"/0*-*/c "$SOL"/0*-*/c; do
  [ -f "$dir/Makefile" ] || continue
  echo "$dir" | grep -Eq -- "$FILTER" || continue
  if ! make -s -B -C "$dir" >"$OUT/make.log" 2>&1; then
    echo "check-all: $dir does not build:" >&2
    cat "$OUT/make.log" >&2
    BUILD_PROBLEMS=$((BUILD_PROBLEMS + 1))
  elif [ -s "$OUT/make.log" ]; then
    echo "check-all: $dir builds with warnings:" >&2
    cat "$OUT/make.log" >&2
    BUILD_PROBLEMS=$((BUILD_PROBLEMS + 1))
  fi
done

# ---- one row: start a server, check it, stop it ----

# holds_listener PID PORT: PID leads its process group and holds the socket listening on PORT.
holds_listener() {
  local pid=$1 inode
  inode=$(awk -v port="$(printf ':%04X' "$2")" \
    '$4 == "0A" && substr($2, length($2) - 4) == port { print $10 }' /proc/net/tcp) # 0A: listening
  [ -n "$inode" ] && [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ] \
    && ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF "socket:[$inode]"
}

ROWS=()
PROBLEMS=0

# row NAME EXPECTED CASES COMMAND...
#   EXPECTED: "starter" (every case fails), or the cases that must fail, comma-separated ("-": none)
#   CASES: the cases to run, comma-separated ("all": every case)
row() {
  local name=$1 expected=$2 cases=$3
  shift 3
  echo "$name" | grep -Eq -- "$FILTER" || return 0
  local log="$OUT/${name//[^A-Za-z0-9._-]/_}"
  printf 'check-all: %s ... ' "$name"

  # Start it directly (not in a subshell), in a process group of its own: $! is the server itself.
  setsid "$@" >"$log.server.txt" 2>&1 </dev/null &
  local pid=$! port=""
  STARTED=("$pid")
  for _ in $(seq 100); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$log.server.txt" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  # The checker's --pid cases measure that process: it must be the server (the process holding the
  # listening socket), not a wrapper, and lead its own process group.
  if [ -n "$port" ] && ! holds_listener "$pid" "$port"; then
    echo "check-all: process $pid ($*) is not the server listening on port $port, in a process group of its own" >&2
    exit 2
  fi
  local got verdict totals failed
  if [ -z "$port" ]; then
    got="did not print 'listening on 127.0.0.1:PORT' within 10 s (see $log.server.txt)"
    verdict=UNEXPECTED
  else
    local flags=(--port "$port" --pid "$pid")
    [ "$cases" = all ] || flags+=(--cases "$cases")
    timeout 300 "$JAVA" -jar "$JAR" "${flags[@]}" >"$log.checker.txt" 2>&1
    local rc=$?
    totals=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log.checker.txt" | tail -n 1)
    failed=$(sed -n 's/^FAIL \([a-z0-9-]*\):.*/\1/p' "$log.checker.txt" | paste -sd, -)
    # The cases run: those asked for, or with "all" the checker's own list, counted from its totals.
    local nran
    if [ "$cases" = all ]; then
      nran=$(echo "$totals" | awk '{ print $1 + $3 }')
    else
      nran=$(echo "${cases//,/ }" | wc -w)
    fi
    if [ "$expected" = starter ]; then
      # A starter fails: the checker exits 1, and it is not a solution in disguise (every case fails,
      # or for the note's server at least one).
      [ "$rc" = 1 ] && verdict=ok || verdict=UNEXPECTED
      if [ "$name" = "${name%note_server*}" ] && [ "$totals" != "0 passed, $nran failed" ]; then
        verdict=UNEXPECTED
      fi
    else
      local want=$expected
      [ "$want" = - ] && want=""
      local want_rc=0
      [ -n "$want" ] && want_rc=1
      [ "$rc" = "$want_rc" ] && [ "$failed" = "$want" ] && verdict=ok || verdict=UNEXPECTED
    fi
    if [ -z "$totals" ]; then
      totals="no result (checker exit $rc, see $log.checker.txt)"
    fi
    got=$totals
    if [ -n "$failed" ]; then
      if [ "$(echo "${failed//,/ }" | wc -w)" = "$nran" ] && [ "$nran" -gt 1 ]; then
        got="$got: all"
      else
        got="$got: ${failed//,/, }"
      fi
    fi
  fi
  stop_group "$pid"
  STARTED=()
  [ "$verdict" = ok ] || PROBLEMS=$((PROBLEMS + 1))
  local want_text
  case "$expected" in
    starter) want_text="fails" ;;
    -) want_text="passes all" ;;
    *) want_text="fails ${expected//,/, }" ;;
  esac
  echo "$verdict"
  ROWS+=("| $name | $want_text | $got | $verdict |")
}

ONE_AT_A_TIME=held-1000,idle-client-blocks-others,slow-reader-blocks-others
PY="python3 -B"

row "01-blocking python starter"              starter all $PY $EX/01-blocking/python/server.py 0
row "01-blocking python note_server starter"  starter all $PY $EX/01-blocking/python/note_server.py 0
row "01-blocking c starter"                   starter all $EX/01-blocking/c/server 0
row "01-blocking python solution"             $ONE_AT_A_TIME all $PY $SOL/01-blocking/python/server.py 0
row "01-blocking python note_server solution" $ONE_AT_A_TIME all $PY $SOL/01-blocking/python/note_server.py 0
row "01-blocking c solution"                  $ONE_AT_A_TIME all $SOL/01-blocking/c/server 0

row "02-threadpool python starter"            starter all $PY $EX/02-threadpool/python/server.py 0
row "02-threadpool c starter"                 starter all $EX/02-threadpool/c/server 0
row "02-threadpool python solution"           - all $PY $SOL/02-threadpool/python/server.py 0
row "02-threadpool c solution"                - all $SOL/02-threadpool/c/server 0
# 改进方案: a fixed pool of 8 differs only in how many it serves at once; held-1000 shows it.
row "02-threadpool python solution, pool 8"   held-1000 held-1000 $PY $SOL/02-threadpool/python/server.py 0 8
row "02-threadpool c solution, pool 8"        held-1000 held-1000 $SOL/02-threadpool/c/server 0 8

row "03-nonblocking python starter"           starter all $PY $EX/03-nonblocking/python/server.py 0
row "03-nonblocking c starter"                starter all $EX/03-nonblocking/c/server 0
row "03-nonblocking python solution"          idle-cpu all $PY $SOL/03-nonblocking/python/server.py 0
row "03-nonblocking c solution"               idle-cpu all $SOL/03-nonblocking/c/server 0

row "04-select python starter"                starter all $PY $EX/04-select/python/server.py 0
row "04-select c starter"                     starter all $EX/04-select/c/server 0
row "04-select python solution"               - all $PY $SOL/04-select/python/server.py 0
row "04-select c solution"                    - all $SOL/04-select/c/server 0

# 05 has no C starter: C has no portable asynchronous socket API (exercises/05-aio/c/README.md).
row "05-aio python starter"                   starter all $PY $EX/05-aio/python/server.py 0
row "05-aio python solution"                  - all $PY $SOL/05-aio/python/server.py 0

row "06-selectors python starter"             starter all $PY $EX/06-selectors/python/server.py 0
row "06-selectors c starter"                  starter all $EX/06-selectors/c/server 0
row "06-selectors python solution"            - all $PY $SOL/06-selectors/python/server.py 0
row "06-selectors c solution"                 - all $SOL/06-selectors/c/server 0

echo
echo "| server | expected | the checker | verdict |"
echo "|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
if [ "$PROBLEMS" -gt 0 ] || [ "$BUILD_PROBLEMS" -gt 0 ]; then
  echo "check-all: $PROBLEMS row(s) not as expected, $BUILD_PROBLEMS C build problem(s); logs in $OUT"
  exit 1
fi
echo "check-all: every row as expected (${#ROWS[@]} rows); logs in $OUT"
