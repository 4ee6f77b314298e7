#!/usr/bin/env bash
# The fault soak of the function set (functions/end-to-end, dev.imagescan.functions.soak.FunctionsSoak): JOBS scan jobs
# (pushes, manual scans through the API, periodic scans through enumerate; 10 % duplicates, lost deletes, killed
# invocations, poisoned archives and bodies) through the real scan, publish, api and enumerate handlers on the local
# servers (S3Proxy, dynalite, ElasticMQ), with a fault proxy in front of S3, DynamoDB and SQS failing a fraction of the
# functions' calls with the services' own 500 / 503 SlowDown / throttling answers. Prints the figures (jobs, faults by
# kind, handler outcomes, retries, duplicates suppressed, kills, dead-letter queue, wall time) and the checks; exits 1
# when a check fails. Options: SOAK_FAULTS (fraction of calls failed, default 0.05), SOAK_SEED (default 20261206).
# Usage: bench/soak.sh [JOBS=1000]. Compiles this checkout's reactor (no install), then runs in one JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-1000}"
[ -d tools/local-aws/node_modules ] || (cd tools/local-aws && npm ci --no-audit --no-fund --loglevel=error)
out="$PWD/functions/end-to-end/target/soak-classpath.txt"
# test-compile in the reactor: the sibling modules resolve to their target/classes and target/test-classes
mvn -q -B -o -pl functions/end-to-end -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out"
cp="functions/end-to-end/target/test-classes:$(cat "$out")"
java -Xmx2g -Dimagescan.s3proxy.jar="$PWD/functions/end-to-end/target/local-aws/s3proxy.jar" \
    -Dimagescan.soak.faults="${SOAK_FAULTS:-0.05}" -Dimagescan.soak.seed="${SOAK_SEED:-20261206}" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.imagescan.functions.soak.FunctionsSoak "$jobs"
