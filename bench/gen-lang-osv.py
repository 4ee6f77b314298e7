#!/usr/bin/env python3
"""Generates the eight language ecosystems' OSV zips (Maven, npm, PyPI, Go, crates.io, RubyGems, NuGet, Packagist)
at about the size of OSV's own, for sizing the database update (bench/lang-dbupdate.sh).

Usage: gen-lang-osv.py OUTDIR [SCALE] [ECOSYSTEMS]   (SCALE 1.0: the counts below; 0.1 for a quick try;
ECOSYSTEMS: a comma-separated subset, all by default)

Counts, after OSV's zips at the end of 2025 (rounded): npm 200,000 MAL-* (OpenSSF malicious packages) + 4,500 GHSA;
PyPI 10,000 MAL + 4,500 PYSEC + 5,500 GHSA; Maven 5,500 GHSA; Go 2,800 GO- + 1,700 GHSA; crates.io 1,200 RUSTSEC +
800 GHSA; RubyGems 1,000 GHSA; NuGet 800 GHSA; Packagist 4,500 GHSA. Shapes after the real records: GHSA-style
advisories of 1.5-5 KB (CVE alias, CVSS v3.1 vector, 1-3 affected ranges, 3-15 references, CWE ids), MAL records of
0.7-1.5 KB (introduced 0, some with a versions list, credits, origins). The same seed gives the same zips.
"""
import io
import json
import random
import sys
import zipfile

COUNTS = {
    "npm": [("MAL", 200_000), ("GHSA", 4_500)],
    "PyPI": [("MAL", 10_000), ("PYSEC", 4_500), ("GHSA", 5_500)],
    "Maven": [("GHSA", 5_500)],
    "Go": [("GO", 2_800), ("GHSA", 1_700)],
    "crates.io": [("RUSTSEC", 1_200), ("GHSA", 800)],
    "RubyGems": [("GHSA", 1_000)],
    "NuGet": [("GHSA", 800)],
    "Packagist": [("GHSA", 4_500)],
}
WORDS = ("yaml json xml http crypto zip tar image font audio video net dns ssl tls ssh mail sql cache log auth ldap "
         "rpc proto parse regex time uuid color term glob path url html css svg pdf mime ini toml core util common "
         "client server api sdk web react vue node express lodash request async stream buffer event plugin loader "
         "config cli test mock spring jackson log4j commons guava netty django flask requests numpy serde "
         "tokio").split()
FLAWS = ("prototype pollution", "regular expression denial of service", "path traversal", "cross-site scripting",
         "server-side request forgery", "deserialization of untrusted data", "command injection", "XML external "
         "entity expansion", "improper input validation", "uncontrolled resource consumption", "SQL injection",
         "open redirect", "improper certificate validation", "information exposure")
VECTORS = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
           "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
           "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"]


def name(rnd, eco, i):
    a, b = rnd.choice(WORDS), rnd.choice(WORDS)
    if eco == "Maven":
        return f"org.{a}.{b}:{b}-{rnd.choice(WORDS)}{i % 97}"
    if eco == "Go":
        return f"github.com/{a}{i % 503}/{b}"
    if eco == "Packagist":
        return f"{a}{i % 211}/{b}"
    if eco == "NuGet":
        return f"{a.capitalize()}.{b.capitalize()}{i % 89}"
    if eco == "npm" and i % 3 == 0:
        return f"@{a}{i % 401}/{b}"
    return f"{a}-{b}{i}" if eco in ("npm", "PyPI") else f"{a}_{b}{i % 701}"


def version(rnd):
    return f"{rnd.randint(0, 9)}.{rnd.randint(0, 30)}.{rnd.randint(0, 20)}"


def text(rnd, n):
    out = []
    while sum(len(w) + 1 for w in out) < n:
        out.append(rnd.choice(WORDS + list(FLAWS)))
    return " ".join(out)


# MAL ids are one sequence across ecosystems, as in OpenSSF's feed (a shared id would merge two records)
MAL_OFFSET = {"npm": 0, "PyPI": 500_000}


def advisory(rnd, eco, prefix, i):
    pkg = name(rnd, eco, i)
    modified = f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T{rnd.randint(0, 23):02d}:00:00Z"
    if prefix == "MAL":
        rec = {"modified": modified, "published": modified, "schema_version": "1.5.0",
               "id": f"MAL-2025-{MAL_OFFSET[eco] + i}",
               "summary": f"Malicious code in {pkg} ({eco})",
               "details": "\n---\n_-= Per source details. Do not edit below this line.=-_\n\n## Source: ossf-package-"
                          "analysis\nThe package " + pkg + " was found to contain malicious code. " + text(rnd, 150),
               "affected": [{"package": {"ecosystem": eco, "name": pkg},
                             "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}],
               "credits": [{"name": "OpenSSF: Package Analysis", "type": "FINDER"}],
               "database_specific": {"malicious-packages-origins": [
                   {"source": "ossf-package-analysis", "sha256": "%064x" % rnd.getrandbits(256),
                    "import_time": modified, "modified_time": modified, "versions": [version(rnd)]}]}}
        if rnd.random() < 0.4:
            rec["affected"][0]["versions"] = [version(rnd) for _ in range(rnd.randint(1, 5))]
        return rec
    ident = {"GHSA": lambda: "GHSA-%s-%s-%s" % tuple("".join(rnd.choice("23456789cfghjmpqrvwx") for _ in range(4))
                                                     for _ in range(3)),
             "PYSEC": lambda: f"PYSEC-2025-{i}", "GO": lambda: f"GO-2025-{i}",
             "RUSTSEC": lambda: f"RUSTSEC-2025-{i:04d}"}[prefix]()
    affected = []
    for _ in range(rnd.choice((1, 1, 1, 2, 3))):
        fixed = version(rnd)
        events = [{"introduced": rnd.choice(("0", version(rnd)))}, {"fixed": fixed}]
        if rnd.random() < 0.1:
            events = [{"introduced": "0"}, {"last_affected": fixed}]
        affected.append({"package": {"ecosystem": eco, "name": pkg},
                         "ranges": [{"type": "SEMVER" if eco in ("npm", "Go", "crates.io") else "ECOSYSTEM",
                                     "events": events}],
                         "database_specific": {"source": "https://github.com/github/advisory-database"}})
    cve = f"CVE-{rnd.randint(2015, 2025)}-{rnd.randint(1000, 60000)}"
    return {"schema_version": "1.6.0", "id": ident, "modified": modified, "published": modified,
            "aliases": [cve], "summary": f"{pkg} vulnerable to {rnd.choice(FLAWS)}",
            "details": text(rnd, rnd.randint(300, 2500)),
            "severity": [{"type": "CVSS_V3", "score": rnd.choice(VECTORS)}], "affected": affected,
            "references": [{"type": rnd.choice(("ADVISORY", "WEB", "PACKAGE", "FIX")),
                            "url": f"https://github.com/{rnd.choice(WORDS)}/{rnd.choice(WORDS)}/commit/"
                                   + "%040x" % rnd.getrandbits(160)} for _ in range(rnd.randint(3, 15))],
            "database_specific": {"cwe_ids": [f"CWE-{rnd.randint(20, 1000)}"], "github_reviewed": True,
                                  "severity": rnd.choice(("LOW", "MODERATE", "HIGH", "CRITICAL")),
                                  "nvd_published_at": modified}}


def main():
    out, scale = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    only = set(sys.argv[3].split(",")) if len(sys.argv) > 3 else set(COUNTS)
    for eco, kinds in COUNTS.items():
        if eco not in only:
            continue
        rnd = random.Random(f"14-{eco}")
        path = f"{out}/{eco}-all.zip"
        total = 0
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for prefix, count in kinds:
                for i in range(int(count * scale)):
                    rec = advisory(rnd, eco, prefix, i)
                    z.writestr(rec["id"] + ".json", json.dumps(rec, indent=2))
                    total += 1
        print(f"{eco}: {total} records -> {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
