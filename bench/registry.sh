#!/usr/bin/env bash
# Scanning from a registry against scanning the same image's archive, whole CLI process each, in one run: starts
# Debian's docker-registry (Distribution 2.8) on loopback, pushes the image with skopeo, and prints the medians (wall
# time, and the CPU time of the scanner's process, user + system) and their ratios (target <= 1.2), the load average
# around the runs, and the CPU time the registry's own process spent serving them; then scans twice with a layer cache and prints the bytes the registry served for the
# re-scan (its access log) next to the manifest and config sizes (target: manifest + config only); then a sweep of
# SWEEP images (default 20) sharing IMAGE's layers as their base, each with one small layer of its own, scanned in
# turn with one layer cache: layer blob bytes downloaded / unique layer blob bytes (target 1.0).
# HTTPS=1: the registry serves TLS instead, on 127.0.0.2 (loopback, but not a name the scanner reaches over plain
# http), with a certificate made here by openssl; the scanner trusts it through -Djavax.net.ssl.trustStore (a PKCS#12
# trust store made by keytool), as a user with a private CA does. Every java run gets the same options either way.
# LAUNCHER=1: every scan through bin/imagescan (its JIT flags and class archive) instead of a plain java -jar.
# BASELINE_JAR=other.jar: its registry scans are interleaved with the others and reported beside them (before/after).
# Usage: [JAR=imagescan.jar] [HTTPS=1] [LAUNCHER=1] [BASELINE_JAR=…] bench/registry.sh [IMAGE.oci.tar] [RUNS] [SWEEP]
#   IMAGE defaults to ../shared/corpus/images/debian-bookworm.oci.tar; SWEEP=0 skips the sweep.
# Needs: a built CLI (mvn -q -B -DskipTests package), docker-registry, skopeo, python3, bc, GNU date; with HTTPS=1
# also openssl and keytool.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:-../shared/corpus/images/debian-bookworm.oci.tar}
runs=${2:-7}
sweep=${3:-20}
jar=${JAR:-cli/target/imagescan.jar}
[ -f "$image" ] || { echo "no image $image" >&2; exit 1; }
[ -f "$jar" ] || { echo "build the CLI first: mvn -q -B -DskipTests package" >&2; exit 1; }
[ -x /usr/bin/docker-registry ] || { echo "needs docker-registry (Debian package)" >&2; exit 1; }
command -v skopeo >/dev/null || { echo "needs skopeo (Debian package)" >&2; exit 1; }

work=$(mktemp -d)
https=${HTTPS:-0}
if [ "$https" = 1 ]; then addr=127.0.0.2; scheme=https; else addr=127.0.0.1; scheme=http; fi
port=$(python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$addr")
tls_config=""
java_options=()
curl_options=()
if [ "$https" = 1 ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$addr" \
    -addext "subjectAltName=IP:$addr,DNS:localhost" -keyout "$work/registry.key" -out "$work/registry.crt" 2>/dev/null
  keytool -importcert -noprompt -alias registry -file "$work/registry.crt" -keystore "$work/trust.p12" \
    -storetype PKCS12 -storepass changeit >/dev/null 2>&1
  tls_config="  tls:
    certificate: $work/registry.crt
    key: $work/registry.key"
  java_options=(-Djavax.net.ssl.trustStore="$work/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit)
  curl_options=(--cacert "$work/registry.crt")
fi
cat >"$work/config.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: $addr:$port
$tls_config
YML
/usr/bin/docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
trap 'kill "$registry_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -fs ${curl_options[@]+"${curl_options[@]}"} "$scheme://$addr:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1
done
ref="$addr:$port/bench:1"
skopeo --insecure-policy copy --quiet --dest-tls-verify=false "oci-archive:$image" "docker://$ref"

now() { date +%s.%N; }
imagescan() {  # the CLI's scan, inventory only, with the JVM options of the run (the trust store over https)
  if [ "${LAUNCHER:-0}" = 1 ]; then
    IMAGESCAN_JAR="${use_jar:-$jar}" IMAGESCAN_JAVA_OPTS="${java_options[*]:-}" bin/imagescan scan -f inventory "$@"
  else
    java ${java_options[@]+"${java_options[@]}"} -jar "${use_jar:-$jar}" scan -f inventory "$@"
  fi
}
baseline=${BASELINE_JAR:-}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
timed() {  # command... ; prints "wall user+system" in seconds (bash's time: the command's process and children)
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
  echo "$t" | awk '{printf "%s %.3f\n", $1, $2 + $3}'
}
ticks() {  # CPU time (user + system, in clock ticks) the registry's process used so far
  awk '{print $14 + $15}' "/proc/$registry_pid/stat"
}
served() {  # bytes the registry answered GETs with so far (its access log: combined log format)
  awk '$6 == "\"GET" && $9 ~ /^2/ {s += $10} END {print s + 0}' "$work/registry.log"
}

imagescan "$image" >/dev/null   # warm the page cache and the JIT's files
imagescan "$ref" >/dev/null
: >"$work/archive" ; : >"$work/registry" ; : >"$work/baseline"
[ -z "$baseline" ] || use_jar=$baseline imagescan "$ref" >/dev/null
load_before=$(cut -d' ' -f1 /proc/loadavg)
served_ticks=0
for _ in $(seq "$runs"); do   # interleaved, so that a busy neighbour slows both alike
  timed imagescan "$image" >>"$work/archive"
  t0=$(ticks)
  timed imagescan "$ref" >>"$work/registry"
  served_ticks=$((served_ticks + $(ticks) - t0))
  [ -z "$baseline" ] || use_jar=$baseline timed imagescan "$ref" >>"$work/baseline"
done
load_after=$(cut -d' ' -f1 /proc/loadavg)
archive_s=$(awk '{print $1}' "$work/archive" | median)
registry_s=$(awk '{print $1}' "$work/registry" | median)
archive_cpu=$(awk '{print $2}' "$work/archive" | median)
registry_cpu=$(awk '{print $2}' "$work/registry" | median)

cache="$work/layer-cache"
before=$(served)
imagescan --layer-cache "$cache" "$ref" >/dev/null
cold=$(( $(served) - before ))
before=$(served)
imagescan --layer-cache "$cache" "$ref" >/dev/null
warm=$(( $(served) - before ))
: >"$work/archive-cached" ; : >"$work/registry-cached"
for _ in $(seq "$runs"); do   # the fixed cost: every layer in the cache, nothing but manifest and config to read
  timed imagescan --layer-cache "$cache" "$image" >>"$work/archive-cached"
  timed imagescan --layer-cache "$cache" "$ref" >>"$work/registry-cached"
done
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
printf 'registry:                     %s://%s:%s; scans through %s\n' "$scheme" "$addr" "$port" \
  "$([ "${LAUNCHER:-0}" = 1 ] && echo bin/imagescan || echo 'java -jar')"
printf 'load average (1 min):         %s before the runs, %s after, on %d cores\n' "$load_before" "$load_after" \
  "$(nproc)"
printf 'scan of the archive file:     %.3f s wall, %.3f s CPU (medians of %d, whole process)\n' "$archive_s" \
  "$archive_cpu" "$runs"
printf 'scan from the local registry: %.3f s wall, %.3f s CPU (medians of %d, whole process)\n' "$registry_s" \
  "$registry_cpu" "$runs"
printf 'ratio registry / archive:     %.2f wall (target <= 1.2), %.2f CPU\n' \
  "$(echo "$registry_s / $archive_s" | bc -l)" "$(echo "$registry_cpu / $archive_cpu" | bc -l)"
if [ -n "$baseline" ]; then
  baseline_s=$(awk '{print $1}' "$work/baseline" | median)
  baseline_cpu=$(awk '{print $2}' "$work/baseline" | median)
  printf 'baseline %s from the registry: %.3f s wall, %.3f s CPU; ratio to the archive %.2f wall, %.2f CPU\n' \
    "$baseline" "$baseline_s" "$baseline_cpu" "$(echo "$baseline_s / $archive_s" | bc -l)" \
    "$(echo "$baseline_cpu / $archive_cpu" | bc -l)"
fi
printf 'the registry serving a scan:  %.3f s CPU of its own process (mean of %d)\n' \
  "$(echo "$served_ticks / $(getconf CLK_TCK) / $runs" | bc -l)" "$runs"
printf 'first scan with a cache:      %d bytes served\n' "$cold"
printf 're-scan, every layer known:   %d bytes served; manifest %d + config %d = %d\n' "$warm" "$manifest" \
  "$config" "$((manifest + config))"
for f in archive-cached registry-cached; do
  printf 're-scans, %-16s     %.3f s wall, %.3f s CPU (medians of %d)\n' "$f:" \
    "$(awk '{print $1}' "$work/$f" | median)" "$(awk '{print $2}' "$work/$f" | median)" "$runs"
done

[ "$sweep" -gt 0 ] || exit 0

# The sweep: SWEEP images built on IMAGE's layers (an OCI layout each, written here), pushed, scanned in turn with
# one layer cache. What the registry served for layer blobs, against the unique layer bytes of all of them.
python3 - "$image" "$work/sweep" "$sweep" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = tarfile.open(src)
def blob(d): return t.extractfile("blobs/" + d.replace(":", "/")).read()
index = json.loads(t.extractfile("index.json").read())
manifest = json.loads(blob(index["manifests"][0]["digest"]))
config = json.loads(blob(manifest["config"]["digest"]))
def put(layout, data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    os.makedirs(layout + "/blobs/sha256", exist_ok=True)
    with open(layout + "/blobs/sha256/" + d[7:], "wb") as f: f.write(data)
    return d
base = [(l, blob(l["digest"])) for l in manifest["layers"]]
for i in range(n):
    layout = "%s/app%d" % (out, i)
    tar = io.BytesIO()
    with tarfile.open(fileobj=tar, mode="w") as tf:
        body = ("app %d\n" % i).encode()
        info = tarfile.TarInfo("srv/app%d.txt" % i); info.size = len(body); info.mtime = 0
        tf.addfile(info, io.BytesIO(body))
    raw = tar.getvalue()
    gz = gzip.compress(raw, mtime=0)
    layers = []
    for l, data in base:
        put(layout, data); layers.append(l)
    d = put(layout, gz)
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": len(gz)})
    c = json.loads(json.dumps(config))
    c["rootfs"]["diff_ids"] = c["rootfs"]["diff_ids"] + ["sha256:" + hashlib.sha256(raw).hexdigest()]
    cb = json.dumps(c).encode()
    m = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
         "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": put(layout, cb), "size": len(cb)},
         "layers": layers}
    mb = json.dumps(m).encode()
    md = put(layout, mb)
    with open(layout + "/index.json", "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{"mediaType": m["mediaType"], "digest": md, "size": len(mb)}]}, f)
    with open(layout + "/oci-layout", "w") as f: f.write('{"imageLayoutVersion":"1.0.0"}')
unique = sum(l["size"] for l, _ in base) + sum(
    json.load(open("%s/app%d/blobs/sha256/%s" % (out, i, json.load(open("%s/app%d/index.json" % (out, i)))
        ["manifests"][0]["digest"][7:])))["layers"][-1]["size"] for i in range(n))
open(out + "/unique", "w").write(str(unique))
digests = {l["digest"] for l, _ in base}
for i in range(n):
    idx = json.load(open("%s/app%d/index.json" % (out, i)))
    digests.add(json.load(open("%s/app%d/blobs/sha256/%s" % (out, i, idx["manifests"][0]["digest"][7:])))
                ["layers"][-1]["digest"])
open(out + "/layers", "w").write("\n".join(sorted(digests)) + "\n")
PY
layer_bytes() {  # bytes the registry answered GETs of the sweep's layer blobs with so far (not configs, manifests)
  awk 'NR == FNR {layer[$1] = 1; next}
       $6 == "\"GET" && $9 ~ /^2/ { n = split($7, p, "/"); if (p[n] in layer) s += $10 }
       END {print s + 0}' "$work/sweep/layers" "$work/registry.log"
}
for i in $(seq 0 $((sweep - 1))); do
  skopeo --insecure-policy copy --quiet --dest-tls-verify=false "oci:$work/sweep/app$i" \
    "docker://$addr:$port/sweep/app$i:1"
done
sweep_cache="$work/sweep-cache"
before=$(layer_bytes)
t0=$(now)
for i in $(seq 0 $((sweep - 1))); do
  imagescan --layer-cache "$sweep_cache" "$addr:$port/sweep/app$i:1" >/dev/null
done
t1=$(now)
downloaded=$(( $(layer_bytes) - before ))
unique=$(cat "$work/sweep/unique")
printf 'sweep of %d images sharing a base: %d layer bytes downloaded / %d unique = %.3f (target 1.0), %.1f s\n' \
  "$sweep" "$downloaded" "$unique" "$(echo "$downloaded / $unique" | bc -l)" "$(echo "$t1 - $t0" | bc -l)"
