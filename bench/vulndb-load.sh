#!/usr/bin/env bash
# Benchmark of the vulnerability database artifact: builds the project, generates N realistic OSV advisories
# (shared test class dev.imagescan.vulndb.bench.OsvCorpusGenerator), compiles them with the CLI
# (`imagescan db build`), then measures in fresh JVMs (median of RUNS):
#   - load: time from the file to a usable VulnDatabase (VulnDbLoadBenchmark, inside the JVM);
#   - 400 lookups as matching one Debian 12 image makes: cold (first, in that fresh JVM), warm, and on a fresh
#     database with compiled code;
#   - the whole `imagescan db info DB` process (JVM start, load with checksum, print);
# and reports the artifact's size and the build time.
# Usage: bench/vulndb-load.sh [N] [RUNS]     (defaults: 100000 advisories, 7 runs)
# Needs: a JDK 17+, Maven, GNU date, awk. Writes into bench-out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-7}
out=bench-out/vulndb
mkdir -p "$out"
cp_file="$PWD/$out/classpath"
build_log="$PWD/$out/build.log"

if ! mvn -q -B -Dstyle.color=never -DskipTests package >"$build_log" 2>&1 \
    || ! mvn -q -B -Dstyle.color=never -pl shared/core -am dependency:build-classpath -Dmdep.outputFile="$cp_file" \
        >>"$build_log" 2>&1; then
  cat "$build_log" >&2
  exit 1
fi
jar=cli/target/imagescan.jar
test_cp="shared/core/target/classes:shared/core/target/test-classes:shared/testing/target/classes:$(cat "$cp_file")"

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { tr ' ' '\n' | awk -F= -v k="$1" '$1==k {print $2}'; }

java -cp "$test_cp" dev.imagescan.vulndb.bench.OsvCorpusGenerator "$n" "$out/all.zip"
t0=$(now)
java -jar "$jar" db build --from "$out/all.zip" -o "$out/vulndb.bin" --built-at 2026-11-27T00:00:00Z >"$out/build.txt"
t1=$(now)
build_s=$(echo "$t1 - $t0" | bc -l)

: >"$out/runs.txt"; : >"$out/info.txt"
java -cp "$jar:shared/core/target/test-classes" dev.imagescan.vulndb.bench.VulnDbLoadBenchmark "$out/vulndb.bin" >/dev/null
for _ in $(seq "$runs"); do
  java -cp "$jar:shared/core/target/test-classes" dev.imagescan.vulndb.bench.VulnDbLoadBenchmark "$out/vulndb.bin" \
    >>"$out/runs.txt"
  s=$(now); java -jar "$jar" db info "$out/vulndb.bin" >/dev/null; e=$(now)
  echo "($e - $s) * 1000" | bc -l >>"$out/info.txt"
done

m() { field "$1" <"$out/runs.txt" | median; }
size=$(stat -c %s "$out/vulndb.bin")
line=$(head -1 "$out/runs.txt")
printf 'advisories:                        %s (%s zip of OSV JSON)\n' "$n" "$(du -h "$out/all.zip" | cut -f1)"
printf 'db build (whole CLI process):      %.1f s\n' "$build_s"
printf 'artifact size:                     %.1f MB (%d bytes)\n' "$(echo "$size/1000000" | bc -l)" "$size"
printf 'load, file to VulnDatabase:        %.0f ms wall, %.0f ms process CPU (medians of %d fresh JVMs)\n' \
  "$(m load_ms)" "$(m load_process_cpu_ms)" "$runs"
printf 'imagescan db info (whole process): %.0f ms (median of %d)\n' "$(median <"$out/info.txt")" "$runs"
printf '400 lookups, %s entries returned:\n' "$(echo "$line" | field entries)"
printf '  cold, first in a fresh JVM:      %.1f ms wall, %.1f ms CPU\n' "$(m cold_lookups_ms)" "$(m cold_lookups_cpu_ms)"
printf '  warm (JIT-compiled, cached):     %.2f ms\n' "$(m warm_lookups_ms)"
printf '  compiled code, fresh database:   %.2f ms\n' "$(m fresh_db_warm_code_ms)"
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
