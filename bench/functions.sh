#!/usr/bin/env bash
# The functions on the local servers (S3Proxy, dynalite, ElasticMQ, or LocalStack with Docker): N images sharing a
# base layer pushed and scanned through the scan handler (S3 bytes read ÷ unique layer bytes, target 1.0), then a
# periodic re-scan of M stored images through enumerate + scan (wall time, S3 and DynamoDB calls per image), then
# (printed last; run right after the pushes) the pushes' completion messages drained through the publish handler onto
# an EventBridge bus (wall time, S3 calls, bytes written and events put per message; publish ÷ scan time per image),
# and every message delivered again (must write no object and put no event).
# Usage: bench/functions.sh [N=20] [M=1000]. Compiles the reactor first (test classes, S3Proxy copy); installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d tools/local-aws/node_modules ] || (cd tools/local-aws && npm ci --no-audit --no-fund --loglevel=error)
# test-compile in the reactor: the sibling modules resolve to their target/classes and target/test-classes, so
# nothing is installed into ~/.m2 (whose imagescan jars may be another checkout's)
mvn -q -B -o -pl functions/end-to-end -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/functions/end-to-end/target/bench-classpath.txt" -Dmdep.includeScope=test
# this checkout's own modules first
own=""
for m in shared/testing shared/core shared/service shared/aws functions/common functions/scan functions/publish functions/enumerate functions/end-to-end; do own="$own:$m/target/classes:$m/target/test-classes"; done
cp="${own#:}:$(cat functions/end-to-end/target/bench-classpath.txt)"
java -Xmx1g -Dimagescan.s3proxy.jar=$PWD/functions/end-to-end/target/local-aws/s3proxy.jar -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp" dev.imagescan.functions.bench.FunctionsBenchmark "${1:-20}" "${2:-1000}" | grep -v '^{"function"'
