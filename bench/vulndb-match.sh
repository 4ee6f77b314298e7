#!/usr/bin/env bash
# Match speed: generate N realistic OSV advisories (default 100000), build the database with the CLI, then in
# fresh JVMs load it and match the realistic and the worst-case images of each family (MatchBenchmark: Debian, Alpine,
# RHEL) into full reports. Target: match ≤ 5 ms per realistic image after load. Needs
# `mvn -q -B -o -DskipTests package -pl cli -am` first (the CLI jar and the test classes).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
KEEP=${KEEP:-}
RUNS=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp=$(mvn -q -B -o -pl shared/core dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
cp="shared/core/target/classes:shared/core/target/test-classes:shared/testing/target/classes:$cp"
java -cp "$cp" dev.imagescan.vulndb.bench.OsvCorpusGenerator "$N" "$work/osv.zip"
java -jar cli/target/imagescan.jar db build --from "$work/osv.zip" -o "$work/bench.vulndb" >/dev/null
ls -l "$work/bench.vulndb" | awk '{printf "database: %d bytes\n", $5}'
for i in $(seq 1 "$RUNS"); do
    echo "run $i:"
    java -cp "$cp" dev.imagescan.vulndb.bench.MatchBenchmark "$work/bench.vulndb" | sed 's/^/  /'
done
