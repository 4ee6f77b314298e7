#!/usr/bin/env bash
# Sizing the database update with the eight language ecosystems' OSV zips: generates them at about OSV's own size
# (bench/gen-lang-osv.py: npm 204,500 records, 200,000 of them MAL-*; PyPI 20,000; Maven 5,500; Go 4,500;
# Packagist 4,500; crates.io 2,000; RubyGems 1,000; NuGet 800), optionally with DISTRO generated distribution
# advisories beside them (OsvCorpusGenerator, as bench/vulndb-build.sh; 0 to leave them out), and builds one database
# from all of them with `imagescan db build` (the DatabaseBuilder the dbupdate function runs) in a JVM whose heap is
# capped at HEAP: prints the zips' sizes, the build's wall time, the peak heap in use (the largest heap before a
# collection, from the GC log), the process's peak resident set, and the database's size and record count.
# Usage: bench/lang-dbupdate.sh [HEAP] [DISTRO] [SCALE]   (defaults: 752m, 0, 1.0; 752m is a quarter of the
#   function's 3008 MB, the JVM's own default share, so a build that fits it fits the function whatever heap share
#   the Lambda runtime gives)
# Needs: a built CLI (mvn -q -B -DskipTests package), python3, GNU time (/usr/bin/time), GNU date, bc. With DISTRO > 0
# also core's test classes and its classpath (as bench/vulndb-build.sh builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
heap=${1:-752m}
distro=${2:-0}
scale=${3:-1.0}
jar=cli/target/imagescan.jar
[ -f "$jar" ] || { echo "build the CLI first: mvn -q -B -DskipTests package" >&2; exit 1; }
out=bench-out/lang-dbupdate
mkdir -p "$out"
[ -f "$out/npm-all.zip" ] || python3 bench/gen-lang-osv.py "$out" "$scale"
from=()
for z in "$out"/*-all.zip; do from+=(--from "$z"); done
if [ "$distro" -gt 0 ]; then
  mvn -q -B -o -pl shared/core dependency:build-classpath -Dmdep.outputFile="$PWD/$out/classpath" \
    -Dmdep.includeScope=test >/dev/null
  cp="shared/core/target/classes:shared/core/target/test-classes:shared/testing/target/classes:$(cat "$out/classpath")"
  [ -f "$out/distro.zip" ] || java -cp "$cp" dev.imagescan.vulndb.bench.OsvCorpusGenerator "$distro" "$out/distro.zip"
  from+=(--from "$out/distro.zip")
fi
du -b "$out"/*.zip | awk '{s += $1; printf "%-40s %8.1f MB\n", $2, $1 / 1e6}
  END {printf "zips together: %.1f MB\n", s / 1e6}'
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
/usr/bin/time -v -o "$out/time.txt" java -Xmx"$heap" -Xlog:gc:file="$out/gc.log" -jar "$jar" db build \
  --built-at 2026-12-01T00:00:00Z "${from[@]}" -o "$out/db.bin" >"$out/build.txt"
t1=$(date +%s.%N)
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'build (whole process), -Xmx%s: %.1f s\n' "$heap" "$(echo "$t1 - $t0" | bc -l)"
awk '/->/ {split($0, a, "->"); n = split(a[1], b, " "); v = b[n]; u = substr(v, length(v)); v = v + 0;
  if (u == "K") v /= 1024; if (u == "G") v *= 1024; if (v > p) p = v} END {printf "peak heap in use: %.0f MiB", p}' \
  "$out/gc.log"
awk '/Pause (Young|Full)/ {split($0, a, "->"); split(a[2], b, "("); v = b[1]; u = substr(v, length(v)); v = v + 0;
  if (u == "K") v /= 1024; if (u == "G") v *= 1024; if (v > p) p = v}
  END {printf " (largest after a young or full collection: %.0f MiB)\n", p}' \
  "$out/gc.log"
awk -F': ' '/Maximum resident set size/ {printf "peak RSS: %.0f MiB\n", $2 / 1024}' "$out/time.txt"
printf 'database: %.1f MB\n' "$(echo "$(stat -c %s "$out/db.bin") / 1000000" | bc -l)"
java -jar "$jar" db info "$out/db.bin" | grep -E '^(Advisories|Ecosystems|Database)' || true
