#!/usr/bin/env bash
# Benchmark of the pure-Java rpm database readers (dev.imagescan.analyzer.rpm): reads the largest fixture database
# of each backend repeatedly in one JVM after a warm-up and prints packages/second.
# Usage: bench/rpmdb-read.sh [seconds-per-backend]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$PWD/shared/core/target/rpmdb-bench.classpath"
build_log="$PWD/shared/core/target/rpmdb-bench-build.log"
mkdir -p shared/core/target
if ! mvn -q -B -Dstyle.color=never -pl shared/core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" >"$build_log" 2>&1; then
  cat "$build_log" >&2
  exit 1
fi
exec java -cp "$(cat "$cp_file"):shared/core/target/classes:shared/core/target/test-classes" \
  dev.imagescan.analyzer.rpm.RpmReadBenchmark "$@"
