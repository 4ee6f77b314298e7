#!/usr/bin/env python3
"""Derives a small test fixture from a real OCI archive: every layer keeps only the members a package
inventory depends on (the dpkg/apk/rpm databases, os-release and release files, the directories and symbolic
links on the way to them, whiteouts that reach them, plus a few unrelated whiteouts), re-compressed with gzip.
Layer order, member order, metadata and contents of the kept members are unchanged; only the diffIDs and
digests change, so the expected package list is rewritten with the new diffIDs.

Usage: trim-image.py SOURCE.oci.tar EXPECTED.tsv OUT.oci.tar OUT.tsv
Made with: trim-image.py ../shared/corpus/images/debian-bookworm.oci.tar \
             ../shared/corpus/expected/debian-bookworm.tsv debian-bookworm-trimmed.oci.tar debian-bookworm-trimmed.tsv
"""
import gzip, hashlib, io, json, sys, tarfile

KEEP = {"var/lib/dpkg/status", "etc/os-release", "usr/lib/os-release", "etc/debian_version",
        "lib/apk/db/installed", "var/lib/rpm/Packages", "var/lib/rpm/rpmdb.sqlite", "etc/alpine-release",
        "etc/redhat-release", "etc/lsb-release", "lib", "bin"}
KEEP_DIRS = {"var/lib/dpkg/status.d"}
UNRELATED_WHITEOUTS = 3


def norm(name):
    return "/".join(p for p in name.split("/") if p not in ("", "."))


def ancestors(paths):
    out = set()
    for p in paths:
        parts = p.split("/")
        for i in range(1, len(parts)):
            out.add("/".join(parts[:i]))
    return out


ANCESTORS = ancestors(KEEP | KEEP_DIRS) | KEEP_DIRS


def wanted(member, unrelated):
    path = norm(member.name)
    name = path.rsplit("/", 1)[-1]
    if name.startswith(".wh."):
        target = path[: len(path) - len(name)] + name[4:] if name != ".wh..wh..opq" else path.rsplit("/", 1)[0]
        if target in KEEP or target in ANCESTORS or any(k.startswith(target + "/") for k in KEEP):
            return True
        if unrelated[0] < UNRELATED_WHITEOUTS:
            unrelated[0] += 1
            return True
        return False
    if path in KEEP or path in ANCESTORS:
        return True
    parent = path.rsplit("/", 1)[0] if "/" in path else ""
    return parent in KEEP_DIRS


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def main(src, expected, out, out_tsv):
    outer = tarfile.open(src)
    files = {norm(m.name): outer.extractfile(m).read() for m in outer.getmembers() if m.isfile()}
    index = json.loads(files["index.json"])
    manifest_digest = index["manifests"][0]["digest"]
    manifest = json.loads(files["blobs/sha256/" + manifest_digest.split(":")[1]])
    config = json.loads(files["blobs/sha256/" + manifest["config"]["digest"].split(":")[1]])
    blobs, new_layers, new_diff_ids, diff_map = {}, [], [], {}
    for layer, old_diff in zip(manifest["layers"], config["rootfs"]["diff_ids"]):
        raw = gzip.decompress(files["blobs/sha256/" + layer["digest"].split(":")[1]])
        src_tar = tarfile.open(fileobj=io.BytesIO(raw))
        buf = io.BytesIO()
        dst = tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT)
        unrelated = [0]
        for m in src_tar.getmembers():
            if wanted(m, unrelated):
                dst.addfile(m, src_tar.extractfile(m) if m.isfile() else None)
        dst.close()
        tar_bytes = buf.getvalue()
        gz = gzip.compress(tar_bytes, mtime=0)
        diff = sha256(tar_bytes)
        diff_map[old_diff] = diff
        new_diff_ids.append(diff)
        blobs[sha256(gz)] = gz
        new_layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": sha256(gz), "size": len(gz)})
    config["rootfs"]["diff_ids"] = new_diff_ids
    config_bytes = json.dumps(config, separators=(",", ":")).encode()
    blobs[sha256(config_bytes)] = config_bytes
    manifest["config"] = {"mediaType": manifest["config"]["mediaType"], "digest": sha256(config_bytes), "size": len(config_bytes)}
    manifest["layers"] = new_layers
    manifest_bytes = json.dumps(manifest, separators=(",", ":")).encode()
    blobs[sha256(manifest_bytes)] = manifest_bytes
    index["manifests"][0].update({"digest": sha256(manifest_bytes), "size": len(manifest_bytes)})
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as t:
        def add(name, data):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            t.addfile(info, io.BytesIO(data))
        add("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        add("index.json", json.dumps(index, separators=(",", ":")).encode())
        for digest, data in sorted(blobs.items()):
            add("blobs/sha256/" + digest.split(":")[1], data)
    with open(expected) as f, open(out_tsv, "w") as o:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            cols[-1] = diff_map.get(cols[-1], cols[-1])
            o.write("\t".join(cols) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:5])
