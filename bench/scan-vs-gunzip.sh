#!/usr/bin/env bash
# Times, in one run, the whole CLI process inventorying an image against `gzip -dc` of the same image's layers
# (the floor for anything that must read them), and prints both medians and their ratio; then scans again with a
# 64 MiB heap to show memory does not grow with the image.
# Usage: bench/scan-vs-gunzip.sh [IMAGE.oci.tar] [RUNS]
#   IMAGE defaults to ../shared/corpus/images/debian-bookworm.oci.tar (an OCI archive with gzip layers).
# Needs: a built CLI (mvn -q -B -DskipTests package), gzip, python3, GNU date.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:-../shared/corpus/images/debian-bookworm.oci.tar}
runs=${2:-9}
jar=cli/target/imagescan.jar
[ -f "$image" ] || { echo "no image $image" >&2; exit 1; }
[ -f "$jar" ] || { echo "build the CLI first: mvn -q -B -DskipTests package" >&2; exit 1; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
tar -xf "$image" -C "$work"
mapfile -t layers < <(python3 - "$work" <<'PY'
import json, sys, os
root = sys.argv[1]
def blob(d): return os.path.join(root, "blobs", *d.split(":"))
index = json.load(open(os.path.join(root, "index.json")))
m = json.load(open(blob(index["manifests"][0]["digest"])))
for l in m["layers"]:
    print(blob(l["digest"]))
PY
)

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
elapsed() {  # command... ; prints its wall time in seconds
  local t0; t0=$(now); "$@" >/dev/null; local t1; t1=$(now)
  echo "$t1 - $t0" | bc -l
}

compressed=$(cat "${layers[@]}" | wc -c)
uncompressed=$(gzip -dc "${layers[@]}" | wc -c)
java -jar "$jar" scan -f inventory "$image" >/dev/null   # warm the page cache for both
# interleaved, so that a busy neighbour on the machine slows all three alike
: >"$work/gunzip" ; : >"$work/scan" ; : >"$work/small"
for _ in $(seq "$runs"); do
  elapsed sh -c 'gzip -dc "$@" >/dev/null' _ "${layers[@]}" >>"$work/gunzip"
  elapsed java -jar "$jar" scan -f inventory "$image" >>"$work/scan"
  elapsed java -Xmx64m -jar "$jar" scan -f inventory "$image" >>"$work/small"
done
gunzip_s=$(median <"$work/gunzip")
scan_s=$(median <"$work/scan")
small_s=$(median <"$work/small")
packages=$(java -Xmx64m -jar "$jar" scan -f inventory "$image" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["packages"]))')

printf 'image:                     %s (%d layers, %.1f MB compressed, %.1f MB uncompressed)\n' \
  "$image" "${#layers[@]}" "$(echo "$compressed/1000000" | bc -l)" "$(echo "$uncompressed/1000000" | bc -l)"
printf 'gzip -dc of the layers:    %.3f s (median of %d)\n' "$gunzip_s" "$runs"
printf 'imagescan scan (process):  %.3f s (median of %d)\n' "$scan_s" "$runs"
printf 'ratio scan / gunzip:       %.2f (target <= 1.50)\n' "$(echo "$scan_s / $gunzip_s" | bc -l)"
printf 'imagescan scan -Xmx64m:    %.3f s (median of %d), %s packages\n' "$small_s" "$runs" "$packages"
