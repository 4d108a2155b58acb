# The steps every exercise's run.sh runs: build, start, check, stop. Sourced by
# exercises/NN-name/run.sh, after it has set:
#   EXERCISE      the folder's name, e.g. 04-select
#   PORT_DEFAULT  the chapter's port, e.g. 8081
#   THREADS       the names of the threads to look for with ps -L, e.g. "04-select"
#   JAVA_JAR      the Java starter's jar, from the exercise's folder, e.g. target/exercise-04-select.jar
# and, where the exercise has them, PYTHON_FILE (python/server.py) and C_DIR (c). A teacher runs a
# solution with the same script by setting one of these three, e.g.
#   PYTHON_FILE=../solutions/04-select/python/server.py exercises/04-select/run.sh python
#   JAVA_JAR=../../04-select/target/04-select.jar exercises/04-select/run.sh java start
#
#   run.sh LANG [STEP] [ARGS...]     LANG: java, python or c
#     all [CHECKER ARGS...]   (the default) build, start, check, stop; the checker's exit code
#     build                    java: the starter (and the checker, if it is not built yet); c: make; python: nothing to build
#     start [WRAPPER...]       start the server in the background, under WRAPPER if given
#                              (e.g. strace -f -o trace.txt), wait for its "listening on" line,
#                              and print its pid, its port and its threads
#     check [CHECKER ARGS...]  the checker on it (--port, and --pid on Linux), e.g. --cases held-1000
#     stop                     stop it (and its wrapper), and wait until it has gone
#     pid                      print the server's pid
#     client                   the note's client on the server's port: type a line, see the reply
#     grade [DIR]              all, graded with the exercise's rubric.txt (without one: every case
#                              but FAILS_BY_DESIGN), the checker's reports in DIR (reports/EXERCISE)
#
# CHECKER_ARGS (set in run.sh, or in the environment): more flags for the checker in grade, e.g.
# "--idle-timeout 10" for an assignment whose server closes idle connections after 10 s.
# Environment: PORT (default PORT_DEFAULT; 0 picks a free one), JAVA_HOME (a JDK 21 or newer),
# CHECKER_JAR (default: the repository's conformance/target/conformance.jar), ROOT (the repository).
# The server's output goes to .run/server.log in the exercise's folder; .run/ also keeps its pid.
# Linux, macOS and WSL; --pid and the thread names need Linux (/proc).

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[1]:-$0}")" && pwd)
RUN_DIR="$HERE/.run"
KIT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# In the repository the exercise is a Maven module (its pom.xml), built with ./mvnw, and the checker
# is conformance's jar. In a handout (exercises/handout.sh) there is no Maven and no repository: the
# Java starter is built with javac and jar, JDK only, and the checker is checker/conformance.jar.
if [ -f "$HERE/pom.xml" ]; then
  HANDOUT=""
  ROOT=${ROOT:-$(cd "$HERE/../.." && pwd)}
  WHERE="exercises/$EXERCISE"
  CHECKER_JAR=${CHECKER_JAR:-$ROOT/conformance/target/conformance.jar}
else
  HANDOUT=yes
  ROOT=${ROOT:-$(cd "$KIT/.." && pwd)}
  WHERE="$EXERCISE"
  CHECKER_JAR=${CHECKER_JAR:-$ROOT/checker/conformance.jar}
fi
ME="$EXERCISE/run.sh"

say() { echo "$ME: $*"; }
fail() { echo "$ME: $1" >&2; exit "${2:-1}"; }

usage() {
  cat <<EOF
usage: $WHERE/run.sh LANG [STEP] [ARGS...]
  LANG   java, python or c (the starter you write)
  STEP   all (default): build, start, check, stop
         build | start [WRAPPER...] | check [CHECKER ARGS...] | stop | pid | client | grade [DIR]
examples:
  $WHERE/run.sh java                      # build, start, check, stop
  $WHERE/run.sh python start              # start it in the background
  $WHERE/run.sh python check --cases every-byte
  $WHERE/run.sh python stop
  $WHERE/run.sh java client               # the note's client: type a line, Ctrl-D to end
  $WHERE/run.sh c start strace -f -o trace.txt -e trace=%net,read,write
PORT=9000 $WHERE/run.sh java start        # another port (0: any free one)
EOF
}

# ---- Java ----

java_feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

JAVA=""
find_java() {
  [ -n "$JAVA" ] && return 0
  local candidate
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    if [ -x "$candidate" ] && [ "$(java_feature "$candidate" || echo 0)" -ge 21 ] 2>/dev/null; then
      JAVA=$candidate
      # mvnw uses JAVA_HOME: the same JDK builds and runs
      JAVA_HOME=$(cd "$(dirname "$(readlink -f "$candidate" 2>/dev/null || echo "$candidate")")/.." && pwd)
      export JAVA_HOME
      return 0
    fi
  done
  fail "no Java 21 or newer: install one, or set JAVA_HOME to it" 2
}

# A handout's Java starter: its sources and the kit's, compiled with javac into the jar JAVA_JAR names
# (the same jar Maven makes in the repository), its main class the one Starter.java.
build_java_alone() {
  local javac="$JAVA_HOME/bin/javac" jar="$JAVA_HOME/bin/jar" classes="$HERE/target/classes" starter main
  [ -x "$javac" ] || fail "no javac in $JAVA_HOME: a JDK is needed, not only a JRE" 2
  starter=$(find "$HERE/src/main/java" -name Starter.java | head -n 1)
  [ -n "$starter" ] || fail "no Starter.java under $WHERE/src/main/java"
  main="$(sed -n 's/^package \([a-z0-9_.]*\);.*/\1/p' "$starter" | head -n 1).Starter"
  say "building the starter: javac and jar (JDK only) into $WHERE/$JAVA_JAR"
  rm -rf "$classes" && mkdir -p "$classes" || fail "cannot write $classes"
  # 04's poll(2) selector is in sun.nio.ch, which java.base does not export
  "$javac" -nowarn --add-exports java.base/sun.nio.ch=ALL-UNNAMED -d "$classes" \
    $(find "$KIT/src/main/java" "$HERE/src/main/java" -name '*.java') || fail "the starter did not compile"
  printf 'Add-Exports: java.base/sun.nio.ch\n' >"$HERE/target/manifest.txt"
  "$jar" --create --file "$HERE/$JAVA_JAR" --main-class "$main" --manifest "$HERE/target/manifest.txt" \
    -C "$classes" . || fail "the starter's jar was not made"
}

build_checker() {
  [ -f "$CHECKER_JAR" ] && return 0
  [ -n "$HANDOUT" ] && fail "no checker at $CHECKER_JAR (the handout's checker/conformance.jar)" 2
  find_java
  [ -x "$ROOT/mvnw" ] || fail "no checker at $CHECKER_JAR (set CHECKER_JAR to the checker's jar)" 2
  say "building the checker once: ./mvnw -q -pl conformance -am package -DskipTests"
  (cd "$ROOT" && ./mvnw -q -pl conformance -am package -DskipTests) || fail "the checker did not build"
}

# ---- the steps ----

build() {
  case "$LANG_" in
    java)
      find_java
      build_checker
      if [ -n "$HANDOUT" ]; then
        build_java_alone
      else
        say "building the starter: ./mvnw -q -pl $WHERE -am package -DskipTests"
        (cd "$ROOT" && ./mvnw -q -pl "$WHERE" -am package -DskipTests) || fail "the starter did not build"
      fi
      ;;
    python)
      build_checker
      command -v python3 >/dev/null || fail "no python3" 2
      python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])' "$HERE/$PYTHON_FILE" || fail "$PYTHON_FILE does not parse"
      ;;
    c)
      build_checker
      command -v make >/dev/null || fail "no make" 2
      make --no-print-directory -C "$HERE/$C_DIR" || fail "the C server did not build"
      ;;
  esac
}

server_command() {
  local port=$1
  case "$LANG_" in
    java)
      find_java
      [ -f "$HERE/$JAVA_JAR" ] || fail "no $JAVA_JAR: run '$WHERE/run.sh java build' first"
      SERVER=("$JAVA" -jar "$HERE/$JAVA_JAR" --port "$port")
      ;;
    python)
      SERVER=(python3 "$HERE/$PYTHON_FILE" "$port")
      ;;
    c)
      [ -x "$HERE/$C_DIR/server" ] || fail "no $C_DIR/server: run '$WHERE/run.sh c build' first"
      SERVER=("$HERE/$C_DIR/server" "$port")
      ;;
  esac
}

# A process that runs (a zombie, which this shell has not reaped yet, does not).
alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]
}
recorded() { cat "$RUN_DIR/$1" 2>/dev/null; }

# The process under LAUNCHER (itself included) that holds the socket listening on PORT (Linux).
listener_pid() {
  local launcher=$1 port=$2 inode pid queue
  [ -r /proc/net/tcp ] || { echo "$launcher"; return; }
  inode=$(awk -v port="$(printf ':%04X' "$port")" \
    '$4 == "0A" && substr($2, length($2) - 4) == port { print $10; exit }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  queue=("$launcher")
  while [ ${#queue[@]} -gt 0 ]; do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    if [ -n "$inode" ] && ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF "socket:[$inode]"; then
      echo "$pid"
      return
    fi
    queue+=($(cat /proc/"$pid"/task/*/children 2>/dev/null))
  done
  echo "$launcher"
}

# Every thread of PID whose name is one of THREADS (or starts with it): "NAME TID" lines (Linux).
named_threads() {
  local pid=$1 t name want
  for t in /proc/"$pid"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    for want in $THREADS; do
      case "$name" in "$want"*) echo "$name ${t##*/}" ;; esac
    done
  done
}

# Refuses to start a second server from this folder (its .run/ records one server).
not_running() {
  local pid
  pid=$(recorded pid)
  if alive "$pid"; then
    fail "a server started here is still running (pid $pid): $WHERE/run.sh $LANG_ stop"
  fi
}

start() {
  local pid
  not_running
  local port=${PORT:-$PORT_DEFAULT}
  server_command "$port"
  mkdir -p "$RUN_DIR"
  : >"$RUN_DIR/server.log"
  # Started directly, not in a subshell ("cd dir && ./server &" would make $! the subshell): $! is the
  # server itself, or the wrapper it runs under. setsid puts it in a process group of its own, so that
  # stop ends the wrapper and the server together, and Ctrl-C in this terminal reaches neither.
  if command -v setsid >/dev/null; then
    setsid "$@" "${SERVER[@]}" >"$RUN_DIR/server.log" 2>&1 </dev/null &
  else
    "$@" "${SERVER[@]}" >"$RUN_DIR/server.log" 2>&1 </dev/null &
  fi
  local launcher=$! got=""
  echo "$launcher" >"$RUN_DIR/launcher"
  for _ in $(seq 300); do # 30 s: a JVM under strace starts slowly
    got=$(sed -n 's/^listening on [^ ]*:\([0-9][0-9]*\)$/\1/p' "$RUN_DIR/server.log" | head -n 1)
    [ -n "$got" ] && break
    alive "$launcher" || break
    sleep 0.1
  done
  if [ -z "$got" ]; then
    cat "$RUN_DIR/server.log" >&2
    stop >/dev/null 2>&1
    fail "the server did not say 'listening on ...:PORT' within 30 s (its output is above)"
  fi
  pid=$launcher
  [ $# -gt 0 ] && pid=$(listener_pid "$launcher" "$got")
  echo "$pid" >"$RUN_DIR/pid"
  echo "$got" >"$RUN_DIR/port"
  say "started ($LANG_): pid $pid, port $got; its output: $WHERE/.run/server.log"
  if [ -d "/proc/$pid/task" ]; then
    local threads=""
    for _ in $(seq 20); do # the loop's thread may start just after the "listening on" line
      threads=$(named_threads "$pid")
      [ -n "$threads" ] && break
      sleep 0.1
    done
    if [ -n "$threads" ]; then
      echo "$threads" | while read -r name tid; do say "  thread $name: TID $tid"; done
    else
      say "  no thread named $THREADS yet (ps -L -o tid,comm -p $pid lists them all)"
    fi
  fi
}

check() {
  local pid port
  pid=$(recorded pid)
  port=$(recorded port)
  alive "$pid" || fail "no server running: $WHERE/run.sh $LANG_ start"
  build_checker
  find_java
  local flags=(--port "$port")
  [ -d "/proc/$pid" ] && flags+=(--pid "$pid") # Linux: the cases that read /proc run too
  say "java -jar $(basename "$CHECKER_JAR") ${flags[*]} $*"
  "$JAVA" -jar "$CHECKER_JAR" "${flags[@]}" "$@"
}

stop() {
  local launcher pid
  launcher=$(recorded launcher)
  pid=$(recorded pid)
  if ! alive "$launcher" && ! alive "$pid"; then
    rm -f "$RUN_DIR/pid" "$RUN_DIR/launcher" "$RUN_DIR/port"
    say "no server running"
    return 0
  fi
  # The process group first (the server and any wrapper), else the processes themselves.
  kill -TERM -- "-$launcher" 2>/dev/null || kill -TERM "$pid" "$launcher" 2>/dev/null
  for _ in $(seq 100); do
    alive "$pid" || alive "$launcher" || break
    sleep 0.1
  done
  if alive "$pid" || alive "$launcher"; then
    kill -KILL -- "-$launcher" 2>/dev/null || kill -KILL "$pid" "$launcher" 2>/dev/null
    sleep 0.2
  fi
  wait "$launcher" 2>/dev/null # reaps it when this shell started it (run.sh LANG all)
  rm -f "$RUN_DIR/pid" "$RUN_DIR/launcher" "$RUN_DIR/port"
  say "stopped (pid $pid)"
}

# The cases the exercise is graded on: every case the checker has, but those the model fails by
# design (FAILS_BY_DESIGN in run.sh: a one-at-a-time server fails the cases about other clients, a
# polling one idle-cpu). The list comes from the checker's --help, so a case it gains is graded too.
grade_cases() {
  local all c out=""
  # The help's paragraph "Cases, in the order they run (...): every-byte, ..., model *." up to the
  # next paragraph; a case's name is lower case letters, digits and dashes (the * marks a --pid case).
  all=$("$JAVA" -jar "$CHECKER_JAR" --lang en --help 2>&1 | sed -n '/^Cases/,/^Models/p' | grep -v '^Models' | tr '\n' ' ' \
    | sed 's/([^)]*)//g; s/^Cases[^:]*://' | tr ',.*' '   ')
  for c in $all; do
    case "$c" in *[!a-z0-9-]* | "") continue ;; esac
    case " ${FAILS_BY_DESIGN:-} " in *" $c "*) ;; *) out="${out:+$out,}$c" ;; esac
  done
  [ -n "$out" ] || fail "the checker's --help lists no cases" 2
  echo "$out"
}

# ---- the command line ----

LANG_=${1:-}
case "$LANG_" in
  java) ;;
  python) [ -n "${PYTHON_FILE:-}" ] || fail "exercise $EXERCISE has no Python starter" 2 ;;
  c) [ -n "${C_DIR:-}" ] || fail "exercise $EXERCISE has no C starter: see $WHERE/c/README.md" 2 ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
shift
STEP=${1:-all}
[ $# -gt 0 ] && shift
case "$STEP" in
  all)
    not_running
    build || exit $?
    trap 'stop >/dev/null 2>&1' EXIT
    trap 'exit 130' INT TERM
    start || exit $?
    check "$@"
    rc=$?
    trap - EXIT
    stop
    exit $rc
    ;;
  grade)
    # what the handout's CI runs: all, on the graded cases, with the checker's reports in DIR
    dir=${1:-reports/$EXERCISE}
    build || exit $?
    find_java
    cases=$(grade_cases) || exit $?
    mkdir -p "$dir" || fail "cannot write $dir"
    not_running
    trap 'stop >/dev/null 2>&1' EXIT
    trap 'exit 130' INT TERM
    start || exit $?
    if [ -f "$HERE/rubric.txt" ]; then
      # the exercise's rubric (rubric.md): its cases, each worth its points; a case the model fails
      # by design runs and scores nothing; exit 0 only for full marks
      say "graded with $WHERE/rubric.txt (its page: $WHERE/rubric.md)"
      check --rubric "$HERE/rubric.txt" --report-dir "$dir" ${CHECKER_ARGS:-}
    else
      say "graded on: $cases${FAILS_BY_DESIGN:+ (not on $FAILS_BY_DESIGN, which the model fails by design)}"
      check --cases "$cases" --report-dir "$dir" ${CHECKER_ARGS:-}
    fi
    rc=$?
    trap - EXIT
    stop
    exit $rc
    ;;
  build) build ;;
  start) start "$@" ;;
  check) check "$@" ;;
  stop) stop ;;
  pid) p=$(recorded pid); alive "$p" && echo "$p" || fail "no server running" ;;
  client)
    # the port of the server started here, or PORT, or the chapter's (a chapter's jar, for comparison)
    p=$(recorded port)
    find_java
    exec "$JAVA" "$KIT/Client.java" "${p:-${PORT:-$PORT_DEFAULT}}"
    ;;
  -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
