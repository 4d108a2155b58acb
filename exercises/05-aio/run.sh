#!/usr/bin/env bash
# Exercise 05-aio (五、异步IO): build, start, check and stop your server, in one script.
#
#   exercises/05-aio/run.sh java|python                 build, start, check with the checker, stop
#   exercises/05-aio/run.sh java|python build|start|check|stop|pid|client|grade
#
# Run it from anywhere; "exercises/05-aio/run.sh java --help" says more (exercises/kit/exercise.sh).
EXERCISE=05-aio
PORT_DEFAULT=8085
THREADS="05-aio"
FAILS_BY_DESIGN=""
JAVA_JAR=${JAVA_JAR:-target/exercise-05-aio.jar}
PYTHON_FILE=${PYTHON_FILE:-python/server.py}
C_DIR=""  # no C starter: c/README.md says why
. "$(dirname "$0")/../kit/exercise.sh"
