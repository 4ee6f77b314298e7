#!/usr/bin/env bash
# Scanning from a registry against scanning the same image's archive, whole CLI process each, in one run: starts
# Debian's docker-registry (Distribution 2.8) on loopback, pushes the image with skopeo, and prints the medians and
# their ratio (target <= 1.2); then scans twice with a layer cache and prints the bytes the registry served for the
# re-scan (its access log) next to the manifest and config sizes (target: manifest + config only).
# Usage: bench/registry.sh [IMAGE.oci.tar] [RUNS]
#   IMAGE defaults to ../shared/corpus/images/debian-bookworm.oci.tar.
# Needs: a built CLI (mvn -q -B -DskipTests package), docker-registry, skopeo, python3, bc, GNU date.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:-../shared/corpus/images/debian-bookworm.oci.tar}
runs=${2:-7}
jar=cli/target/imagescan.jar
[ -f "$image" ] || { echo "no image $image" >&2; exit 1; }
[ -f "$jar" ] || { echo "build the CLI first: mvn -q -B -DskipTests package" >&2; exit 1; }
[ -x /usr/bin/docker-registry ] || { echo "needs docker-registry (Debian package)" >&2; exit 1; }
command -v skopeo >/dev/null || { echo "needs skopeo (Debian package)" >&2; exit 1; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/config.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: 127.0.0.1:$port
YML
/usr/bin/docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
trap 'kill "$registry_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
ref="127.0.0.1:$port/bench:1"
skopeo --insecure-policy copy --quiet --dest-tls-verify=false "oci-archive:$image" "docker://$ref"

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
elapsed() {  # command... ; prints its wall time in seconds
  local t0; t0=$(now); "$@" >/dev/null; local t1; t1=$(now)
  echo "$t1 - $t0" | bc -l
}
served() {  # bytes the registry answered GETs with so far (its access log: combined log format)
  awk '$6 == "\"GET" && $9 ~ /^2/ {s += $10} END {print s + 0}' "$work/registry.log"
}

java -jar "$jar" scan -f inventory "$image" >/dev/null   # warm the page cache and the JIT's files
java -jar "$jar" scan -f inventory "$ref" >/dev/null
: >"$work/archive" ; : >"$work/registry"
for _ in $(seq "$runs"); do   # interleaved, so that a busy neighbour slows both alike
  elapsed java -jar "$jar" scan -f inventory "$image" >>"$work/archive"
  elapsed java -jar "$jar" scan -f inventory "$ref" >>"$work/registry"
done
archive_s=$(median <"$work/archive")
registry_s=$(median <"$work/registry")

cache="$work/layer-cache"
before=$(served)
java -jar "$jar" scan -f inventory --layer-cache "$cache" "$ref" >/dev/null
cold=$(( $(served) - before ))
before=$(served)
java -jar "$jar" scan -f inventory --layer-cache "$cache" "$ref" >/dev/null
warm=$(( $(served) - before ))
read -r manifest config layers < <(python3 - "$image" <<'PY'
import json, sys, tarfile
t = tarfile.open(sys.argv[1])
def blob(d): return t.extractfile("blobs/" + d.replace(":", "/")).read()
index = json.loads(t.extractfile("index.json").read())
m = index["manifests"][0]
mj = json.loads(blob(m["digest"]))
print(m["size"], mj["config"]["size"], sum(l["size"] for l in mj["layers"]))
PY
)

printf 'image:                        %s (%.1f MB of layers)\n' "$image" "$(echo "$layers/1000000" | bc -l)"
printf 'scan of the archive file:     %.3f s (median of %d, whole process)\n' "$archive_s" "$runs"
printf 'scan from the local registry: %.3f s (median of %d, whole process)\n' "$registry_s" "$runs"
printf 'ratio registry / archive:     %.2f (target <= 1.2)\n' "$(echo "$registry_s / $archive_s" | bc -l)"
printf 'first scan with a cache:      %d bytes served\n' "$cold"
printf 're-scan, every layer known:   %d bytes served; manifest %d + config %d = %d\n' "$warm" "$manifest" \
  "$config" "$((manifest + config))"
