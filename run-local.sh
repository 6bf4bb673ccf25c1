#!/usr/bin/env bash
# Runs the whole llm-relay pipeline in one process on embedded defaults (see README).
#   ./run-local.sh            start and wait (Ctrl-C stops)
#   ./run-local.sh --demo     start, send sample traffic, print results and usage rows, stop
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts/java-home.sh

echo "llm-relay: building (first run downloads dependencies from Maven Central)…"
./mvnw -q -B install -DskipTests -pl local-runner -am
exec "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar local-runner/target/local-runner-*-exec.jar "$@"
