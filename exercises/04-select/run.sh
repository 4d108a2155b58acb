#!/usr/bin/env bash
# Exercise 04-select (四、多路复用IO): build, start, check and stop your server, in one script.
#
#   exercises/04-select/run.sh java|python|c                 build, start, check with the checker, stop
#   exercises/04-select/run.sh java|python|c build|start|check|stop|pid|client|grade
#
# Run it from anywhere; "exercises/04-select/run.sh java --help" says more (exercises/kit/exercise.sh).
EXERCISE=04-select
PORT_DEFAULT=8081
THREADS="04-select"
FAILS_BY_DESIGN=""
JAVA_JAR=${JAVA_JAR:-target/exercise-04-select.jar}
PYTHON_FILE=${PYTHON_FILE:-python/server.py}
C_DIR=${C_DIR:-c}
. "$(dirname "$0")/../kit/exercise.sh"
