#!/usr/bin/env bash
# Start-up of the whole CLI process, measured in one run (docs/cli.md#fast-start): a scan of the bundled Alpine 3.20
# image, as a ratio to a bare `java -version` (target <= 3.5), before (plain `java -jar`) and after (bin/imagescan:
# class archive and start-up flags); with a variant per flag, so each one's share shows, and `imagescan --version`
# (the floor: the JVM and the CLI started, nothing scanned). When a JDK 25 is there ($JAVA25, else Temurin 25's usual
# place), the same rows on it, each ratio against its own `java -version`: the launcher with its AOT cache, with
# AppCDS instead, without either. Then, when the Debian corpus image is there (../shared/corpus/images/
# debian-bookworm.oci.tar, or $2), the same before/after on it as a ratio to `gzip -dc` of its layers. Runs are
# interleaved and medians compared, so a busy machine slows every side alike; wall and CPU (user + sys of the
# process) are both shown, since wall time on a loaded machine mostly measures the load.
# Usage: bench/cli-start.sh [RUNS] [DEBIAN.oci.tar]
# Needs: a built CLI (mvn -q -B -DskipTests package), python3, gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
debian=${2:-../shared/corpus/images/debian-bookworm.oci.tar}
jar=cli/target/imagescan.jar
alpine=shared/testing/src/main/resources/images/alpine-3.20.3.oci.tar
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$java25/bin/java" ] || java25=
[ -f "$jar" ] || { echo "build the CLI first: mvn -q -B -DskipTests package" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export NO_COLOR=1
# The launcher as it was before this round (d65026f: AppCDS, C1 only under 8 MiB, SHA-256's methods scaled for C2)
git show d65026f:bin/imagescan > "$work/imagescan-previous" 2>/dev/null && chmod +x "$work/imagescan-previous" \
  || cp bin/imagescan "$work/imagescan-previous"
export IMAGESCAN_JAR=$PWD/$jar
# Each launcher and JDK gets a cache directory of its own (an empty database cache: the bundled snapshot), since a
# first scan replaces the archives it finds; the first scan in each writes its archive.
first() { env IMAGESCAN_CACHE_DIR="$work/$1" "${@:2}" scan "$alpine" >/dev/null 2>&1; }
first cache17 bin/imagescan
first previous "$work/imagescan-previous"
[ -n "$(ls "$work"/cache17/cds/*.jsa 2>/dev/null)" ] || { echo "no AppCDS archive was written" >&2; exit 1; }
if [ -n "$java25" ]; then
  first cache25 JAVA_HOME="$java25" bin/imagescan
  first cache25cds JAVA_HOME="$java25" IMAGESCAN_AOT=off bin/imagescan
  [ -n "$(ls "$work"/cache25/cds/*.aot 2>/dev/null)" ] || { echo "no AOT cache was written" >&2; exit 1; }
fi

python3 - "$runs" "$jar" "$alpine" "$debian" "$work" "$java25" <<'PY'
import os, resource, statistics, subprocess, sys, time, json
runs, jar, alpine, debian, work, java25 = int(sys.argv[1]), *sys.argv[2:6], sys.argv[6]
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

def env(cache, **kw):
    e = dict(os.environ); e["IMAGESCAN_CACHE_DIR"] = os.path.join(work, cache); e.update(kw); return e

scan = ["bin/imagescan", "scan", alpine]
cases = [
    ("java -version", ["java", "-version"], None),
    ("before: java -jar", ["java", "-jar", jar, "scan", alpine], env("plain")),
    ("launcher at d65026f", [previous, "scan", alpine], env("previous")),
    ("after: bin/imagescan", scan, env("cache17")),
    ("  imagescan --version", ["bin/imagescan", "--version"], env("cache17")),
    ("  launcher without AppCDS", scan, env("cache17", IMAGESCAN_CDS="off")),
    ("  launcher, C1 only", scan, env("cache17", IMAGESCAN_JIT_LEVEL="1")),
    ("  launcher, default JIT", scan, env("cache17", IMAGESCAN_JIT_LEVEL="4")),
    ("  launcher, relocated CDS", scan, env("cache17", IMAGESCAN_JAVA_OPTS="-XX:ArchiveRelocationMode=1")),
]
if java25:
    j25 = os.path.join(java25, "bin", "java")
    cases += [
        ("JDK 25: java -version", [j25, "-version"], None),
        ("JDK 25: java -jar", [j25, "-jar", jar, "scan", alpine], env("plain")),
        ("JDK 25: bin/imagescan (AOT)", scan, env("cache25", JAVA_HOME=java25)),
        ("  JDK 25: imagescan --version", ["bin/imagescan", "--version"], env("cache25", JAVA_HOME=java25)),
        ("  JDK 25: launcher, AppCDS", scan, env("cache25cds", JAVA_HOME=java25, IMAGESCAN_AOT="off")),
        ("  JDK 25: launcher, no archive", scan, env("cache25", JAVA_HOME=java25, IMAGESCAN_CDS="off")),
    ]
r = bench(cases)
print(f"Alpine 3.20 scan ({alpine}), medians of {runs} interleaved runs; load average {os.getloadavg()[0]:.1f}")
print(f"  {'':30} {'wall':>8} {'÷ java -version':>16} {'cpu':>8} {'÷ java -version':>16}")
base_w, base_c = r["java -version"]
for name, (w, c) in r.items():
    if name.startswith("JDK 25: java -version"):
        base_w, base_c = w, c   # the JDK 25 rows against JDK 25's own java -version
    print(f"  {name:30} {w:7.3f}s {w / base_w:15.2f}x {c:7.3f}s {c / base_c:15.2f}x")
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
        ("before: java -jar", ["java", "-jar", jar, "scan", debian], env("plain")),
        ("launcher at d65026f", [previous, "scan", debian], env("previous")),
        ("after: bin/imagescan", ["bin/imagescan", "scan", debian], env("cache17")),
        ("  launcher, C1 only", ["bin/imagescan", "scan", debian], env("cache17", IMAGESCAN_JIT_LEVEL="1")),
        ("  launcher, default JIT", ["bin/imagescan", "scan", debian], env("cache17", IMAGESCAN_JIT_LEVEL="4")),
    ] + ([("JDK 25: bin/imagescan (AOT)", ["bin/imagescan", "scan", debian], env("cache25", JAVA_HOME=java25))]
         if java25 else []))
    gw, gc = d["gzip -dc of the layers"]
    print(f"Debian corpus scan ({debian}), medians of {runs}; load average {os.getloadavg()[0]:.1f}")
    for name, (w, c) in d.items():
        print(f"  {name:30} {w:7.3f}s {w / gw:15.2f}x {c:7.3f}s {c / gc:15.2f}x   (÷ gzip -dc)")
PY
