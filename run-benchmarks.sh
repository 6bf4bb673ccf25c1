#!/usr/bin/env bash
# Runs the benchmarks and prints a table (see README, "Benchmarks"). Optional argument: scale factor.
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts/java-home.sh
./mvnw -q -B install -DskipTests -pl benchmarks -am
CP=$(./mvnw -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec "$JAVA_HOME/bin/java" -Xmx2g -XX:+EnableDynamicAgentLoading -cp "benchmarks/target/classes:$CP" \
  io.llmrelay.bench.RelayBenchmark "$@"
