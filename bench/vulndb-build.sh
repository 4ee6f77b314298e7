#!/usr/bin/env bash
# Builds the vulnerability database from every source, as `imagescan db build` does (issue 12's figures):
#   1. from all the local sample feeds (the bundled OSV snapshot and NVD feed, and the real Alpine secdb, Oracle
#      ELSA OVAL, Debian DSA/DLA and tracker JSON, Amazon ALAS updateinfo, EPSS and KEV samples of shared/testing):
#      every family's parser and the merge, at the scale of the samples;
#   2. at the real scale, from generated data: ADVISORIES OSV advisories (OsvCorpusGenerator: Debian, Ubuntu,
#      Alpine, Red Hat, Rocky, Alma shapes; default 300,000, about the size of all the distribution feeds
#      together) and CVES CVEs of severity and exploitation data (bench/gen-signals.py: NVD JSON 2.0 with CVSS v3.1
#      and v2 vectors, EPSS for all, KEV for one in 200; default 250,000, about NVD's size), taken from the CVEs
#      the advisories name: database size, build time, load time (target <= 1 s) and match time per image
#      (target <= 5 ms), medians of RUNS fresh JVMs. Two images per family (MatchBenchmark): the realistic one, the
#      package list of a real Debian 12, Alpine 3.20.3 or Enterprise Linux 9.2 image against the advisories the
#      generator writes about those packages (most fixed below the installed version, a few open or fixed above,
#      calibrated on the finding counts Trivy reports for such images), on which the target is checked; and the
#      worst case, 400 of the corpus's most advised packages some months behind, with thousands of findings each.
# Usage: bench/vulndb-build.sh [ADVISORIES] [CVES] [RUNS]    (defaults: 300000 250000 5)
# Needs: a JDK 17+, Maven (offline is fine once the dependencies are there), python3, GNU date, bc.
# Writes into bench-out/vulndb-build/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300000}
cves=${2:-250000}
runs=${3:-5}
out=bench-out/vulndb-build
mkdir -p "$out"
log="$PWD/$out/maven.log"
if ! mvn -q -B -o -Dstyle.color=never -DskipTests package -pl cli -am >"$log" 2>&1 \
    || ! mvn -q -B -o -Dstyle.color=never -pl shared/core dependency:build-classpath \
        -Dmdep.outputFile="$PWD/$out/classpath" -Dmdep.includeScope=test >>"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
jar=cli/target/imagescan.jar
# the reactor's own test material first (the real images' package lists), not a stale copy in ~/.m2
cp="shared/core/target/classes:shared/core/target/test-classes:shared/testing/target/classes:$(cat "$out/classpath")"
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { tr ' ' '\n' | awk -F= -v k="$1" '$1==k {print $2}'; }
samples=shared/testing/src/main/resources/vulndb

echo "== 1. every source, from the local sample feeds"
t0=$(now)
java -jar "$jar" db build --built-at 2026-12-01T00:00:00Z \
  --from shared/core/src/main/vulndb-snapshot \
  --source nvd=shared/core/src/main/vulndb-nvd/nvdcve-2.0-snapshot.json \
  --source epss=$samples/epss/example-1.csv --source kev=$samples/kev/valid-catalog-1.json \
  --source alpine=$samples/alpine/v3.15-main.json --source alpine=$samples/alpine/v3.10-community.json \
  --source oracle=$samples/oracle/mock_data.xml --source oracle=$samples/oracle/mock_per_arch_data.xml \
  --source oracle=$samples/oracle/mock_ksplice_data.xml \
  --source debian=$samples/debian/DSA-list --source debian=$samples/debian/DLA-list \
  --source debian-tracker=$samples/debian-tracker/vunnel-debian.json \
  --source amazon=$samples/amazon/updateinfo_2_items.xml.gz --source amazon=$samples/amazon/updateinfo_AL2023.xml.gz \
  -o "$out/samples.bin" >"$out/samples-build.txt"
t1=$(now)
printf 'db build, whole CLI process:  %.1f s\n' "$(echo "$t1 - $t0" | bc -l)"
java -jar "$jar" db info "$out/samples.bin" | grep -E '^(Database|Sources|Advisories|Ecosystems|CVE data)|^ {17,19}[a-z]'

echo
echo "== 2. the real scale: $n generated advisories, $cves CVEs of severity and exploitation data"
java -cp "$cp" dev.imagescan.vulndb.bench.OsvCorpusGenerator "$n" "$out/all.zip"
python3 bench/gen-signals.py "$out/all.zip" "$cves" "$out"
t0=$(now)
java -jar "$jar" db build --built-at 2026-12-01T00:00:00Z --from "$out/all.zip" \
  --source nvd="$out/nvdcve-2.0-bench.json.gz" --source epss="$out/epss_scores-bench.csv.gz" \
  --source kev="$out/kev-bench.json" -o "$out/scale.bin" >"$out/scale-build.txt"
t1=$(now)
size=$(stat -c %s "$out/scale.bin")
printf 'inputs:                       OSV zip %s, NVD %s, EPSS %s (compressed)\n' "$(du -h "$out/all.zip" | cut -f1)" \
  "$(du -h "$out/nvdcve-2.0-bench.json.gz" | cut -f1)" "$(du -h "$out/epss_scores-bench.csv.gz" | cut -f1)"
printf 'db build, whole CLI process:  %.1f s\n' "$(echo "$t1 - $t0" | bc -l)"
printf 'database size:                %.1f MB (%d bytes)\n' "$(echo "$size/1000000" | bc -l)" "$size"
java -jar "$jar" db info "$out/scale.bin" | grep -E '^(Advisories|CVE data)'
: >"$out/load.txt"; : >"$out/match.txt"
for _ in $(seq "$runs"); do
  java -cp "$jar:shared/core/target/test-classes:shared/testing/target/classes" dev.imagescan.vulndb.bench.VulnDbLoadBenchmark "$out/scale.bin" \
    >>"$out/load.txt"
  java -cp "$cp" dev.imagescan.vulndb.bench.MatchBenchmark "$out/scale.bin" >>"$out/match.txt"
done
printf 'load, file to VulnDatabase:   %.0f ms wall, %.0f ms process CPU (median of %d fresh JVMs; target <= 1000 ms)\n' \
  "$(field load_ms <"$out/load.txt" | median)" "$(field load_process_cpu_ms <"$out/load.txt" | median)" "$runs"
echo "match per image, into a full report (medians over $runs fresh JVMs; target <= 5 ms, on the realistic images;"
echo "match: warm code and database; match + report: the same, report built too; fresh db: each round on a newly"
echo "loaded database, so the entries are decoded again; first: the first image of a fresh JVM):"
for family in debian-real alpine-real rhel-real debian alpine rhel; do
  grep "family=$family " "$out/match.txt" >"$out/match-$family.txt" || continue
  f="$out/match-$family.txt"
  printf '  %-11s %3s packages, %5s findings: lookups %s ms; match %s ms wall, %s ms CPU; match + report %s ms;' \
    "$family" "$(field packages <"$f" | median)" "$(field findings <"$f" | median)" \
    "$(field lookups_only_ms <"$f" | median)" "$(field match_only_ms <"$f" | median)" \
    "$(field match_only_cpu_ms <"$f" | median)" "$(field warm_match_and_report_ms <"$f" | median)"
  printf ' fresh db %s ms; first %s ms\n' "$(field warm_code_fresh_db_ms <"$f" | median)" \
    "$(field first_match_ms <"$f" | median)"
done
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
