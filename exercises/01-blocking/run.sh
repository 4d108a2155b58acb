#!/usr/bin/env bash
# Exercise 01-blocking (二、阻塞IO): build, start, check and stop your server, in one script.
#
#   exercises/01-blocking/run.sh java|python|c                 build, start, check with the checker, stop
#   exercises/01-blocking/run.sh java|python|c build|start|check|stop|pid|client|grade
#
# Run it from anywhere; "exercises/01-blocking/run.sh java --help" says more (exercises/kit/exercise.sh).
EXERCISE=01-blocking
PORT_DEFAULT=8080
THREADS="01-blocking"
FAILS_BY_DESIGN="held-1000 idle-client-blocks-others slow-reader-blocks-others"  # one client at a time: the others wait (二、阻塞IO)
JAVA_JAR=${JAVA_JAR:-target/exercise-01-blocking.jar}
PYTHON_FILE=${PYTHON_FILE:-python/server.py}
C_DIR=${C_DIR:-c}
. "$(dirname "$0")/../kit/exercise.sh"
