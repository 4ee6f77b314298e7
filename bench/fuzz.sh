#!/usr/bin/env bash
# Fuzzes each @FuzzTest target in turn with Jazzer (docs/fuzzing.md): one target per JVM, SECONDS each (default 300).
# New crashing inputs (crash-*, timeout-*, oom-*) land in the target's inputs directory under src/test/resources, where
# `mvn verify` replays them as regression tests: commit them with the fix. The generated corpus stays in
# <module>/target/fuzz/<target>/corpus and grows over runs. Prints target, executions, execs/s and findings.
#
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]      targets: see TARGETS below, e.g. dpkg policy api
# Environment: FUZZ_RUNS (stop a target after this many executions; default no limit), FUZZ_HEAP (fuzzing JVM's
#   -Xmx, default 1g), FUZZ_TIMEOUT (seconds one input may take, default 20), FUZZ_RSS_MB (libFuzzer's RSS limit
#   for the whole process, native memory included, default 3072), FUZZ_KEEP_GOING (findings before a target stops,
#   default 10), FUZZ_INSTRUMENT (classes giving coverage feedback, default ours, commons-compress, Jackson and
#   zstd-jni), FUZZ_NO_BUILD=1 (skip compiling). Do not rebuild the modules while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-300}
shift || true

# name | module | class | method | extra Jazzer arguments (optional)
# rpmdb-sqlite: Jazzer's SQL-injection sanitizer parses every statement with JSqlParser (5.6x slower per input); the
# reader runs constant SQL only, so that hook finds nothing there and is left out for that target.
TARGETS="
layer-tar|shared/core|dev.imagescan.layer.fuzz.LayerTarFuzzTest|layerBlob
docker-archive|shared/core|dev.imagescan.image.fuzz.ImageArchiveFuzzTest|dockerArchive
oci-archive|shared/core|dev.imagescan.image.fuzz.ImageArchiveFuzzTest|ociArchive
dpkg|shared/core|dev.imagescan.analyzer.dpkg.fuzz.DpkgStatusFuzzTest|statusFile
apk|shared/core|dev.imagescan.analyzer.apk.fuzz.ApkInstalledFuzzTest|installedFile
rpm-header|shared/core|dev.imagescan.analyzer.rpm.fuzz.RpmHeaderFuzzTest|headerBlob
rpmdb-bdb|shared/core|dev.imagescan.analyzer.rpm.bdb.fuzz.BerkeleyDbFuzzTest|packagesFile
rpmdb-ndb|shared/core|dev.imagescan.analyzer.rpm.ndb.fuzz.NdbFuzzTest|packagesDb
rpmdb-sqlite|shared/core|dev.imagescan.analyzer.rpm.sqlite.fuzz.SqliteRpmDbFuzzTest|rpmdbSqlite|--disabled_hooks=com.code_intelligence.jazzer.sanitizers.SqlInjection
osv|shared/core|dev.imagescan.vulndb.osv.fuzz.OsvParserFuzzTest|osvDocument
sbom|shared/core|dev.imagescan.sbom.fuzz.CycloneDxSbomFuzzTest|sbomDocument
policy|shared/core|dev.imagescan.policy.fuzz.PolicyFuzzTest|policyDocument
page-token|shared/service|dev.imagescan.store.fuzz.PageTokensFuzzTest|pageToken
api-request|functions/api|dev.imagescan.functions.api.fuzz.ApiRequestFuzzTest|request
"

selected=()
if [ $# -eq 0 ]; then
  while IFS='|' read -r name _; do [ -n "$name" ] && selected+=("$name"); done <<<"$TARGETS"
else
  for want in "$@"; do
    grep -q "^$want|" <<<"$TARGETS" || { echo "unknown target '$want'" >&2; exit 2; }
    selected+=("$want")
  done
fi

modules=$(for t in "${selected[@]}"; do grep "^$t|" <<<"$TARGETS" | cut -d'|' -f2; done | sort -u | paste -sd, -)
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
  log=$root/target/fuzz-build.log
  mkdir -p "$root/target"
  if ! mvn -B -q -o -Dstyle.color=never -pl "$modules" -am test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
fi

# coverage feedback from our code and the parsers it drives (jar classes are not instrumented by default)
default_instrument='dev.imagescan.**:org.apache.commons.compress.**:com.fasterxml.jackson.**:com.github.luben.**'
instrument=${FUZZ_INSTRUMENT:-$default_instrument}
results=()
for t in "${selected[@]}"; do
  IFS='|' read -r name module class method extra <<<"$(grep "^$t|" <<<"$TARGETS")"
  work=$root/$module/target/fuzz/$name
  mkdir -p "$work/corpus"
  inputs=$root/$module/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method
  before=$(ls "$inputs" 2>/dev/null | grep -E '^(crash|timeout|oom|slow-unit)-' | sort || true)
  runs=()
  [ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
  extras=()
  [ -n "$extra" ] && read -r -a extras <<<"$extra"
  echo "== $name: fuzzing $class#$method for ${seconds}s (log: ${work#$root/}/fuzz.log)" >&2
  set +e
  (cd "$root/$module" && java -Xmx"${FUZZ_HEAP:-1g}" -XX:+UseParallelGC -XX:-OmitStackTraceInFastThrow \
      -cp "target/test-classes:target/classes:$(cat target/fuzz.classpath)" \
      com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" --hooks=true "${extras[@]}" \
      --keep_going="${FUZZ_KEEP_GOING:-10}" --instrumentation_includes="$instrument" \
      -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-20}" -rss_limit_mb="${FUZZ_RSS_MB:-3072}" \
      -report_slow_units="${FUZZ_TIMEOUT:-20}" -print_final_stats=1 "${runs[@]}" "$work/corpus") >"$work/fuzz.log" 2>&1
  status=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/fuzz.log" | tail -1 | grep -o '[0-9]*$' || true)
  if [ -z "$execs" ]; then
    execs=$(grep -oE '^#[0-9]+' "$work/fuzz.log" | tail -1 | tr -d '#' || true)
  fi
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/fuzz.log" | tail -1 | grep -o '[0-9]*$' || true)
  findings=$(grep -cE '^== Java Exception:|ERROR: libFuzzer: (timeout|out-of-memory)|== Java Assertion Error' \
      "$work/fuzz.log" || true)
  after=$(ls "$inputs" 2>/dev/null | grep -E '^(crash|timeout|oom|slow-unit)-' | sort || true)
  new=$(comm -13 <(echo "$before") <(echo "$after") | grep . | paste -sd' ' - || true)
  if [ "$status" -ne 0 ] && [ "$findings" -eq 0 ]; then
    findings="error(exit $status)"
  fi
  results+=("$(printf '%-15s %12s %9s %9s  %s' "$name" "${execs:-?}" "${rate:-?}" "$findings" "$new")")
done

printf '\n%-15s %12s %9s %9s  %s\n' target executions execs/s findings "new inputs kept"
printf '%s\n' "${results[@]}"
