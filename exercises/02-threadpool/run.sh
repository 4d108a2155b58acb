#!/usr/bin/env bash
# Exercise 02-threadpool (二、一个简单的解决方案 / 改进方案): build, start, check and stop your server, in one script.
#
#   exercises/02-threadpool/run.sh java|python|c                 build, start, check with the checker, stop
#   exercises/02-threadpool/run.sh java|python|c build|start|check|stop|pid|client|grade
#
# Run it from anywhere; "exercises/02-threadpool/run.sh java --help" says more (exercises/kit/exercise.sh).
EXERCISE=02-threadpool
PORT_DEFAULT=8082
THREADS="02-acceptor 02-worker"
FAILS_BY_DESIGN=""
JAVA_JAR=${JAVA_JAR:-target/exercise-02-threadpool.jar}
PYTHON_FILE=${PYTHON_FILE:-python/server.py}
C_DIR=${C_DIR:-c}
. "$(dirname "$0")/../kit/exercise.sh"
