#!/usr/bin/env bash
# Start-up of the whole CLI process, measured in one run (docs/cli.md#fast-start): a scan of the bundled Alpine 3.20
# image, as a ratio to a bare `java -version` (target <= 3.5), before (plain `java -jar`) and after (bin/imagescan:
# AppCDS archive and start-up flags); with a variant per flag, so each one's share shows. Then, when the Debian corpus
# image is there (../shared/corpus/images/debian-bookworm.oci.tar, or $2), the same before/after on it as a ratio to
# `gzip -dc` of its layers. Runs are interleaved and medians compared, so a busy machine slows every side alike; wall
# and CPU (user + sys of the process) are both shown, since wall time on a loaded machine mostly measures the load.
# Usage: bench/cli-start.sh [RUNS] [DEBIAN.oci.tar]
# Needs: a built CLI (mvn -q -B -DskipTests package), python3, gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
debian=${2:-../shared/corpus/images/debian-bookworm.oci.tar}
jar=cli/target/imagescan.jar
alpine=shared/testing/src/main/resources/images/alpine-3.20.3.oci.tar
[ -f "$jar" ] || { echo "build the CLI first: mvn -q -B -DskipTests package" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export IMAGESCAN_CACHE_DIR=$work/cache   # an empty database cache (the bundled snapshot) and a fresh CDS archive
export NO_COLOR=1
bin/imagescan scan "$alpine" >/dev/null 2>&1   # first run: writes the AppCDS archive
# The launcher as it was before the JIT and archive-mapping flags (commit 47fbc39), for the before/after table
git show 47fbc39:bin/imagescan > "$work/imagescan-previous" 2>/dev/null && chmod +x "$work/imagescan-previous" \
  || cp bin/imagescan "$work/imagescan-previous"
export IMAGESCAN_JAR=$PWD/$jar
[ -n "$(ls "$IMAGESCAN_CACHE_DIR"/cds/*.jsa 2>/dev/null)" ] || { echo "no AppCDS archive was written" >&2; exit 1; }

python3 - "$runs" "$jar" "$alpine" "$debian" "$work" <<'PY'
import os, resource, statistics, subprocess, sys, time, json
runs, jar, alpine, debian, work = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
previous = os.path.join(work, "imagescan-previous")
null = subprocess.DEVNULL

def measure(cmd, env=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=null, stderr=null, check=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

def bench(cases):
    samples = {name: [] for name, _, _ in cases}
    for _ in range(runs):
        for name, cmd, env in cases:   # interleaved
            samples[name].append(measure(cmd, env))
    return {n: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s)) for n, s in samples.items()}

def env(**kw):
    e = dict(os.environ); e.update(kw); return e

cases = [
    ("java -version", ["java", "-version"], None),
    ("before: java -jar", ["java", "-jar", jar, "scan", alpine], None),
    ("previous launcher (47fbc39)", [previous, "scan", alpine], None),
    ("after: bin/imagescan", ["bin/imagescan", "scan", alpine], None),
    ("  launcher without AppCDS", ["bin/imagescan", "scan", alpine], env(IMAGESCAN_CDS="off")),
    ("  launcher, C2 for SHA-256 only", ["bin/imagescan", "scan", alpine], env(IMAGESCAN_JIT_LEVEL="sha")),
    ("  launcher, default JIT", ["bin/imagescan", "scan", alpine], env(IMAGESCAN_JIT_LEVEL="4")),
    ("  launcher, C1, relocated CDS", ["bin/imagescan", "scan", alpine],
     env(IMAGESCAN_JAVA_OPTS="-XX:ArchiveRelocationMode=1")),
]
r = bench(cases)
base_w, base_c = r["java -version"]
print(f"Alpine 3.20 scan ({alpine}), medians of {runs} interleaved runs; load average {os.getloadavg()[0]:.1f}")
print(f"  {'':28} {'wall':>8} {'÷ java -version':>16} {'cpu':>8} {'÷ java -version':>16}")
for name, (w, c) in r.items():
    print(f"  {name:28} {w:7.3f}s {w / base_w:15.2f}x {c:7.3f}s {c / base_c:15.2f}x")
print(f"  target: after <= 3.5x java -version")

if os.path.isfile(debian):
    layers_dir = os.path.join(work, "debian")
    os.makedirs(layers_dir)
    subprocess.run(["tar", "-xf", debian, "-C", layers_dir], check=True)
    blob = lambda d: os.path.join(layers_dir, "blobs", *d.split(":"))
    index = json.load(open(os.path.join(layers_dir, "index.json")))
    manifest = json.load(open(blob(index["manifests"][0]["digest"])))
    layers = [blob(l["digest"]) for l in manifest["layers"]]
    d = bench([
        ("gzip -dc of the layers", ["sh", "-c", 'gzip -dc "$@" >/dev/null', "_"] + layers, None),
        ("before: java -jar", ["java", "-jar", jar, "scan", debian], None),
        ("previous launcher (47fbc39)", [previous, "scan", debian], None),
        ("after: bin/imagescan", ["bin/imagescan", "scan", debian], None),
        ("  launcher, C1 only", ["bin/imagescan", "scan", debian], env(IMAGESCAN_JIT_LEVEL="1")),
        ("  launcher, default JIT", ["bin/imagescan", "scan", debian], env(IMAGESCAN_JIT_LEVEL="4")),
    ])
    gw, gc = d["gzip -dc of the layers"]
    print(f"Debian corpus scan ({debian}), medians of {runs}; load average {os.getloadavg()[0]:.1f}")
    for name, (w, c) in d.items():
        print(f"  {name:28} {w:7.3f}s {w / gw:15.2f}x {c:7.3f}s {c / gc:15.2f}x   (÷ gzip -dc)")
PY
