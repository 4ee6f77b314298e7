#!/usr/bin/env bash
# The cost of the language analyzers: an image with a generated application layer (by default 2,000 jars and 20,000
# npm packages, about 300 MB) on top of a base image, scanned in turn (interleaved, a fresh JVM each, -Xmx256m) with
# the OS package analyzers only and with every analyzer (bench/AppLayersScan.java, on the CLI jar's classes); prints
# both medians of the scan time, their ratio, the packages each found and each mode's peak resident set (VmHWM), and
# the load average before and after, since on a shared machine the load hits both sides alike but not evenly.
# Usage: bench/app-layers.sh [BASE.oci.tar] [RUNS] [JARS] [NPM_PACKAGES]
#   BASE defaults to shared/testing/src/main/resources/images/debian-bookworm-trimmed.oci.tar.
# Needs: a built CLI (mvn -q -B -DskipTests package), a JDK (javac), python3, GNU date.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-shared/testing/src/main/resources/images/debian-bookworm-trimmed.oci.tar}
runs=${2:-3}
jars=${3:-2000}
npm=${4:-20000}
jar=cli/target/imagescan.jar
[ -f "$base" ] || { echo "no image $base" >&2; exit 1; }
[ -f "$jar" ] || { echo "build the CLI first: mvn -q -B -DskipTests package" >&2; exit 1; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
big="$work/with-apps.oci.tar"
python3 - "$base" "$big" "$jars" "$npm" <<'PY'
import gzip, hashlib, io, json, os, random, sys, tarfile, time, zipfile
base, out, njars, nnpm = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(14)
def add(tar, name, data, mode=0o644):
    ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = mode; ti.mtime = 1700000000
    tar.addfile(ti, io.BytesIO(data))
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for i in range(njars):
        z = io.BytesIO()
        with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as jar:
            jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
            jar.writestr(f"META-INF/maven/bench.g{i % 50}/art{i}/pom.properties",
                         f"groupId=bench.g{i % 50}\nartifactId=art{i}\nversion=1.{i % 7}.{i}\n")
            for c in range(12):  # incompressible class files, ~120 KB a jar
                jar.writestr(f"bench/g{i}/C{c}.class", rnd.randbytes(10000))
        add(tar, f"opt/app{i % 20}/lib/art{i}-1.{i % 7}.{i}.jar", z.getvalue())
    for i in range(nnpm):
        d = f"srv/web{i % 10}/node_modules/pkg{i}"
        add(tar, d + "/package.json", json.dumps({"name": f"pkg{i}", "version": f"1.0.{i}",
                                                  "description": "x" * 200}).encode())
        add(tar, d + "/index.js", rnd.randbytes(4000))
raw = layer.getvalue()
diff_id = "sha256:" + hashlib.sha256(raw).hexdigest()
blob = gzip.compress(raw, compresslevel=1, mtime=0)
digest = "sha256:" + hashlib.sha256(blob).hexdigest()
src = tarfile.open(base)
members = {m.name: src.extractfile(m).read() if m.isfile() else None for m in src.getmembers()}
def b(d): return "blobs/" + d.replace(":", "/")
index = json.loads(members["index.json"])
mdesc = index["manifests"][0]
manifest = json.loads(members[b(mdesc["digest"])])
config = json.loads(members[b(manifest["config"]["digest"])])
config["rootfs"]["diff_ids"].append(diff_id)
config.setdefault("history", []).append({"created_by": "bench application layer"})
cbytes = json.dumps(config).encode(); cdigest = "sha256:" + hashlib.sha256(cbytes).hexdigest()
manifest["config"] = dict(manifest["config"], digest=cdigest, size=len(cbytes))
manifest["layers"].append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest,
                           "size": len(blob)})
mbytes = json.dumps(manifest).encode(); mdigest = "sha256:" + hashlib.sha256(mbytes).hexdigest()
index["manifests"][0] = dict(mdesc, digest=mdigest, size=len(mbytes))
with tarfile.open(out, "w") as t:
    for name, data in members.items():
        if data is None or name == "index.json":
            continue
        add(t, name, data)
    add(t, b(digest), blob); add(t, b(cdigest), cbytes); add(t, b(mdigest), mbytes)
    add(t, "index.json", json.dumps(index).encode())
print(f"application layer: {len(raw) / 1e6:.0f} MB uncompressed, {len(blob) / 1e6:.0f} MB gzip, "
      f"{njars} jars, {nnpm} npm packages", file=sys.stderr)
PY

javac -d "$work/classes" -cp "$jar" bench/AppLayersScan.java
cp="$jar:$work/classes"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
scan() { java -Xmx256m -cp "$cp" AppLayersScan "$1" "$big"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
scan all >/dev/null   # page cache, class data
: >"$work/runs"
for i in $(seq "$runs"); do
  scan os | tee -a "$work/runs"
  scan all | tee -a "$work/runs"
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
os_s=$(awk '$1=="os" {print $2}' "$work/runs" | median)
all_s=$(awk '$1=="all" {print $2}' "$work/runs" | median)
peak() { awk -v m="$1" '$1==m && $3>p {p=$3} END {printf "%.0f", p/1024}' "$work/runs"; }
found() { awk -v m="$1" '$1==m {print $4; exit}' "$work/runs"; }
printf 'OS analyzers only:   %6.2f s (median of %d), peak RSS %s MiB under -Xmx256m: %s\n' "$os_s" "$runs" \
  "$(peak os)" "$(found os)"
printf 'every analyzer:      %6.2f s (median of %d), peak RSS %s MiB under -Xmx256m: %s\n' "$all_s" "$runs" \
  "$(peak all)" "$(found all)"
printf 'ratio (all / OS):    %6.2f\n' "$(awk -v a="$all_s" -v o="$os_s" 'BEGIN {print a / o}')"
