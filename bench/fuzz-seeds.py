#!/usr/bin/env python3
"""Writes the fuzz seeds (docs/fuzzing.md) from the real test material in shared/testing, into the inputs
directories Jazzer's JUnit integration reads (src/test/resources/<package>/<Class>Inputs/<method>/).

Run from the repository root: python3 bench/fuzz-seeds.py. Seeds are named seed-*; crashing inputs (crash-*,
timeout-*, oom-*) that fuzzing found are never touched. Everything stays small: the fuzzer's largest input is the
largest seed.
"""
import gzip
import hashlib
import io
import json
import os
import sqlite3
import struct
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MATERIAL = os.path.join(ROOT, "shared/testing/src/main/resources")
CORE = os.path.join(ROOT, "shared/core/src/test/resources/dev/imagescan")


def inputs(base, package_dir, test_class, method):
    d = os.path.join(base, package_dir, test_class + "Inputs", method)
    os.makedirs(d, exist_ok=True)
    return d


def put(directory, name, data):
    with open(os.path.join(directory, "seed-" + name), "wb") as f:
        f.write(data)


def material(path):
    with open(os.path.join(MATERIAL, path), "rb") as f:
        return f.read()


def oci_blobs(archive):
    """The manifest, config and layer blobs (decompressed when gzip) of the single image in an OCI archive."""
    with tarfile.open(os.path.join(MATERIAL, archive)) as t:
        def blob(digest):
            return t.extractfile("blobs/sha256/" + digest.split(":")[1]).read()
        index = json.loads(t.extractfile("index.json").read())
        manifest_bytes = blob(index["manifests"][0]["digest"])
        manifest = json.loads(manifest_bytes)
        config = blob(manifest["config"]["digest"])
        layers = [blob(layer["digest"]) for layer in manifest["layers"]]
        return manifest_bytes, config, layers, t.extractfile("index.json").read()


def plain(blob):
    return gzip.decompress(blob) if blob[:2] == b"\x1f\x8b" else blob


def member(tar_bytes, name):
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as t:
        for m in t.getmembers():
            if m.name.lstrip("./") == name and m.isfile():
                return t.extractfile(m).read()
    return None


def tar_of(entries, fmt=tarfile.PAX_FORMAT):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as t:
        for e in entries:
            info = tarfile.TarInfo(e["name"])
            info.mtime = 1704067200
            info.type = e.get("type", tarfile.REGTYPE)
            if "link" in e:
                info.linkname = e["link"]
            data = e.get("data", b"")
            if info.type == tarfile.REGTYPE:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
            else:
                t.addfile(info)
    return out.getvalue()


def stanzas(text, count):
    return ("\n\n".join(text.strip().split("\n\n")[:count]) + "\n").encode()


def main():
    debian_manifest, debian_config, debian_layers, debian_index = oci_blobs("images/debian-bookworm-trimmed.oci.tar")
    debian_tar = plain(debian_layers[-1])
    status = member(debian_tar, "var/lib/dpkg/status").decode()
    alpine = oci_blobs("images/alpine-3.20.3.oci.tar")
    alpine_tar = plain(alpine[2][0])
    installed = member(alpine_tar, "lib/apk/db/installed").decode()
    os_release = member(alpine_tar, "etc/os-release") or b""

    # dpkg: the first stanzas of a real status file
    d = inputs(CORE, "analyzer/dpkg/fuzz", "DpkgStatusFuzzTest", "statusFile")
    put(d, "debian-bookworm-status", stanzas(status, 6))

    # apk: the first records of a real installed database
    d = inputs(CORE, "analyzer/apk/fuzz", "ApkInstalledFuzzTest", "installedFile")
    put(d, "alpine-3.20.3-installed", stanzas(installed, 4))

    # rpm headers: the blobs of a real (rpm's own test suite) SQLite database
    con = sqlite3.connect(os.path.join(MATERIAL, "rpmdb/sqlite-rpmtests-3pkg/rpmdb.sqlite"))
    blobs = [row[0] for row in con.execute("SELECT blob FROM Packages ORDER BY hnum")]
    con.close()
    d = inputs(CORE, "analyzer/rpm/fuzz", "RpmHeaderFuzzTest", "headerBlob")
    for i, blob in enumerate(blobs):
        put(d, "rpmtests-header-%d" % (i + 1), blob)

    # BerkeleyDB: real libuuid Packages (little-endian) and a generated big-endian 512-byte-page one
    d = inputs(CORE, "analyzer/rpm/bdb/fuzz", "BerkeleyDbFuzzTest", "packagesFile")
    put(d, "libuuid-Packages", material("rpmdb/bdb-libuuid/Packages"))
    put(d, "be-512-Packages", material("rpmdb/generated/bdb-be-512/Packages"))

    # NDB: the real SLE 15 file is 1.3 MB; this is the same layout holding the three rpmtests headers
    d = inputs(CORE, "analyzer/rpm/ndb/fuzz", "NdbFuzzTest", "packagesDb")
    put(d, "rpmtests-Packages.db", ndb(blobs))

    # SQLite: the real file is 224 KiB of 4 KiB pages and index tables; this is its Packages table alone (rpm's
    # schema for it, the same three headers) in 512-byte pages
    d = inputs(CORE, "analyzer/rpm/sqlite/fuzz", "SqliteRpmDbFuzzTest", "rpmdbSqlite")
    put(d, "rpmtests-packages-only.sqlite", packages_only_sqlite(blobs))

    # OSV records
    d = inputs(CORE, "vulndb/osv/fuzz", "OsvParserFuzzTest", "osvDocument")
    for dirpath, _, files in os.walk(os.path.join(MATERIAL, "vulndb/osv")):
        for name in sorted(files):
            if name.endswith(".json"):
                with open(os.path.join(dirpath, name), "rb") as f:
                    put(d, name, f.read())

    # CycloneDX SBOMs
    d = inputs(CORE, "sbom/fuzz", "CycloneDxSbomFuzzTest", "sbomDocument")
    for name in ("trivy-ubi8-nodejs.cdx.json", "syft-debian-12.cdx.json"):
        put(d, name, material("sbom/" + name))

    # policies: the examples of docs/policy.md
    d = inputs(CORE, "policy/fuzz", "PolicyFuzzTest", "policyDocument")
    put(d, "simple.json", b'{ "version": 1, "blockAt": "High", "onlyFixable": true }\n')
    put(d, "strict.json", json.dumps({
        "version": "2026-11-27", "blockAt": "Medium", "onlyFixable": False, "maxCounts": {"Low": 20},
        "blockOnUnknownCoverage": True,
        "allow": [{"id": "CVE-2024-9143", "package": "openssl", "reason": "the affected API is not used",
                   "expires": "2027-01-31"},
                  {"id": "DSA-5532-1", "reason": "fixed in our own build of the base image", "expires": "2026-12-15"}]
    }, indent=2).encode())

    # layer blobs: the trimmed Debian layer as plain tar; a small Alpine-like layer with links, a whiteout and PAX
    d = inputs(CORE, "layer/fuzz", "LayerTarFuzzTest", "layerBlob")
    debian_small = tar_of([
        {"name": "usr/lib/os-release", "data": member(debian_tar, "usr/lib/os-release") or b""},
        {"name": "etc/os-release", "type": tarfile.SYMTYPE, "link": "../usr/lib/os-release"},
        {"name": "var/lib/dpkg/status", "data": stanzas(status, 3)},
    ])
    put(d, "debian-bookworm-os-release-status.tar", debian_small)
    small = tar_of([
        {"name": "etc/", "type": tarfile.DIRTYPE},
        {"name": "usr/lib/os-release", "data": os_release},
        {"name": "etc/os-release", "type": tarfile.SYMTYPE, "link": "../usr/lib/os-release"},
        {"name": "lib/apk/db/installed", "data": stanzas(installed, 2)},
        {"name": "lib/apk/db/installed.hard", "type": tarfile.LNKTYPE, "link": "lib/apk/db/installed"},
        {"name": "var/lib/dpkg/status.d/base", "data": stanzas(status, 1)},
        {"name": "var/lib/rpm/.wh.Packages"},
        {"name": "var/lib/" + "x" * 120 + "/long-name", "data": b"pax path"},
    ])
    put(d, "links-whiteout-pax.tar", small)
    put(d, "links-whiteout-pax.tar.gz", gzip.compress(small, mtime=0))

    # image archives: the trimmed Debian image as OCI archive; its config with a small layer as docker save writes it
    d = inputs(CORE, "image/fuzz", "ImageArchiveFuzzTest", "ociArchive")
    put(d, "debian-bookworm-trimmed.oci.tar", material("images/debian-bookworm-trimmed.oci.tar"))
    d = inputs(CORE, "image/fuzz", "ImageArchiveFuzzTest", "dockerArchive")
    put(d, "debian-bookworm-small.docker.tar", docker_archive(debian_config, [debian_small]))


def ndb(blobs):
    """An rpm NDB Packages.db (lib/backend/ndb/rpmpkg.c layout): one 4 KiB slot page, then one blob per header."""
    page = bytearray(4096)
    struct.pack_into("<IIII", page, 0, 0x506D7052, 0, 1, 1)  # RpmP, version 0, generation, 1 slot page
    body = bytearray()
    block = 4096 // 16
    slots = []
    for i, blob in enumerate(blobs):
        length = len(blob)
        blocks = (16 + length + 12 + 15) // 16
        data = bytearray(blocks * 16)
        struct.pack_into("<IIII", data, 0, 0x53626C42, i + 1, 1, length)  # BlbS
        data[16:16 + length] = blob
        struct.pack_into("<III", data, len(data) - 12, 0, length, 0x45626C42)  # adler32 (unchecked), length, BlbE
        slots.append((i + 1, block + len(body) // 16, blocks))
        body += data
    for n, offset in enumerate(range(32, 4096, 16)):
        pkg, off, count = slots[n] if n < len(slots) else (0, 0, 0)
        struct.pack_into("<IIII", page, offset, 0x746F6C53, pkg, off, count)  # Slot
    return bytes(page + body)


def packages_only_sqlite(blobs):
    out = "/tmp/imagescan-fuzz-seed.sqlite"
    if os.path.exists(out):
        os.remove(out)
    con = sqlite3.connect(out)
    con.execute("PRAGMA page_size = 512")
    con.execute("CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)")
    con.executemany("INSERT INTO Packages (blob) VALUES (?)", [(b,) for b in blobs])
    con.commit()
    con.execute("VACUUM")
    con.close()
    with open(out, "rb") as f:
        data = f.read()
    os.remove(out)
    return data


def docker_archive(config, layers):
    """A docker save archive of config (its rootfs and history made to fit) and the layer tars."""
    doc = json.loads(config)
    doc["rootfs"] = {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(plain(b)).hexdigest() for b in layers]}
    doc["history"] = [{"created": "2024-01-01T00:00:00Z", "created_by": "fuzz seed layer"} for _ in layers]
    config = json.dumps(doc).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    entries = [{"name": config_name, "data": config}]
    names = []
    for blob in layers:
        tar = plain(blob)
        name = hashlib.sha256(tar).hexdigest() + "/layer.tar"
        entries.append({"name": name, "data": tar})
        names.append(name)
    manifest = [{"Config": config_name, "RepoTags": ["debian:bookworm-trimmed"], "Layers": names}]
    entries.insert(0, {"name": "manifest.json", "data": json.dumps(manifest).encode()})
    return tar_of(entries, tarfile.USTAR_FORMAT)


if __name__ == "__main__":
    main()
