#!/usr/bin/env bash
# Exercise 06-selectors (七、selectors模块): build, start, check and stop your server, in one script.
#
#   exercises/06-selectors/run.sh java|python|c                 build, start, check with the checker, stop
#   exercises/06-selectors/run.sh java|python|c build|start|check|stop|pid|client|grade
#
# Run it from anywhere; "exercises/06-selectors/run.sh java --help" says more (exercises/kit/exercise.sh).
EXERCISE=06-selectors
PORT_DEFAULT=8088
THREADS="06-selectors"
FAILS_BY_DESIGN=""
JAVA_JAR=${JAVA_JAR:-target/exercise-06-selectors.jar}
PYTHON_FILE=${PYTHON_FILE:-python/server.py}
C_DIR=${C_DIR:-c}
. "$(dirname "$0")/../kit/exercise.sh"
