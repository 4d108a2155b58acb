#!/usr/bin/env bash
# Exercise 03-nonblocking (三、非阻塞IO): build, start, check and stop your server, in one script.
#
#   exercises/03-nonblocking/run.sh java|python|c                 build, start, check with the checker, stop
#   exercises/03-nonblocking/run.sh java|python|c build|start|check|stop|pid|client|grade
#
# Run it from anywhere; "exercises/03-nonblocking/run.sh java --help" says more (exercises/kit/exercise.sh).
EXERCISE=03-nonblocking
PORT_DEFAULT=8083
THREADS="03-nonblocking"
FAILS_BY_DESIGN="idle-cpu"  # polling takes a core (三、缺点 1)
JAVA_JAR=${JAVA_JAR:-target/exercise-03-nonblocking.jar}
PYTHON_FILE=${PYTHON_FILE:-python/server.py}
C_DIR=${C_DIR:-c}
. "$(dirname "$0")/../kit/exercise.sh"
