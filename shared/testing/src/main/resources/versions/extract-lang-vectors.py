#!/usr/bin/env python3
"""Writes the language version-order vectors (maven.tsv, pep440.tsv, npm-semver.tsv, go-semver.tsv) from the
upstream test files, read from local git mirrors of the upstream repositories at the commits named below.

Usage: extract-lang-vectors.py MIRRORS_DIR  (MIRRORS_DIR/<owner>+<name>/repo are bare or normal git repositories)
Every output line is `a<TAB>b<TAB>expected` (compare(a, b) is -1, 0 or 1), the format VersionVectors reads.
"""
import itertools
import json
import re
import subprocess
import sys

MIRRORS = sys.argv[1]
SOURCES = {
    "maven": ("apache+maven", "8e8579a9e76f7d015ee5ec7bfcdc97d260186937",
              "maven-artifact/src/test/java/org/apache/maven/artifact/versioning/ComparableVersionTest.java",
              "https://github.com/apache/maven (tag maven-3.9.9)"),
    "pep440": ("pypa+packaging", "053c884615f2e83d80705251b447769ec2599653", "tests/test_version.py",
               "https://github.com/pypa/packaging"),
    "npm": ("npm+node-semver", "6e05b7637396ac66522cff8731f07cfe0ef49a29", "test/fixtures/",
            "https://github.com/npm/node-semver"),
    "rubygems": ("rubygems+rubygems", "69ec4a3a5f1cafa633c569671ed9ef502bbdaf61", "test/rubygems/test_gem_version.rb",
                 "https://github.com/rubygems/rubygems"),
    "go": ("golang+mod", "fe2ec04f7c3c3aa6fad97631aafcff6e49e2d1db", "semver/semver_test.go",
           "https://github.com/golang/mod"),
}


def show(key, path=None):
    repo, commit, default, _ = SOURCES[key]
    return subprocess.run(["git", "-C", f"{MIRRORS}/{repo}/repo", "show", f"{commit}:{path or default}"],
                          check=True, capture_output=True, text=True).stdout


def header(key, what):
    repo, commit, path, url = SOURCES[key]
    return [f"# {what}", f"# Source: {url} {path} at commit {commit}",
            "# Extracted by extract-lang-vectors.py; the upstream licence applies to these vectors.", "a\tb\texpected"]


def sorted_pairs(versions):
    """Every pair of a strictly ascending list: earlier < later."""
    return [(a, b, -1) for a, b in itertools.combinations(versions, 2)]


def write(name, lines, rows):
    with open(name, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
        for a, b, e in rows:
            assert "\t" not in a + b and "\n" not in a + b, (a, b)
            out.write(f"{a}\t{b}\t{e}\n")


def maven():
    src = show("maven")
    rows = []
    for name in ("VERSIONS_QUALIFIER", "VERSIONS_NUMBER"):
        block = re.search(name + r" = \{(.*?)\};", src, re.S).group(1)
        rows += sorted_pairs(re.findall(r'"([^"]*)"', block))
    for method in re.split(r"\n    (?:@Test\n    )?(?:public )?void ", src)[1:]:
        if "for (String x" in method or "Locale" in method:
            continue
        names = dict(re.findall(r'String (\w+) = "([^"]*)";', method))
        arg = r'("[^"]*"|\w+)'
        for call, a, b in re.findall(r"checkVersions(Order|Equal|HaveSameOrder)\(" + arg + r", " + arg + r"\)",
                                     method):
            a = a.strip('"') if a.startswith('"') else names[a]
            b = b.strip('"') if b.startswith('"') else names[b]
            rows.append((a, b, -1 if call == "Order" else 0))
        if "checkVersionsArrayEqual(arr)" in method:
            arr = re.findall(r'"([^"]*)"', method.split("checkVersionsArrayEqual")[0])
            rows += [(a, b, 0) for a, b in itertools.combinations(arr, 2)]
    write("maven.tsv", header("maven", "Maven ComparableVersion order (maven-artifact 3.9.9's own tests)"), rows)


def pep440():
    src = show("pep440")
    block = re.search(r"\nVERSIONS = \[(.*?)\n\]", src, re.S).group(1)
    versions = re.findall(r'"([^"]*)"', block)
    rows = sorted_pairs(versions)
    norm = re.search(r'\("version", "normalized"\),\s*\[(.*?)\n        \],', src, re.S).group(1)
    for a, b in re.findall(r'\("([^"\\]*)", "([^"]*)"\)', norm):
        rows.append((a, b, 0))
    write("pep440.tsv", header("pep440", "PEP 440 order (packaging's VERSIONS, ascending, and its normalisations)"),
          rows)


def npm():
    rows = []
    for fixture, expected in (("comparisons.js", 1), ("equality.js", 0)):
        js = show("npm", "test/fixtures/" + fixture)
        data = subprocess.run(["node", "-e", "const m={};const module={exports:null};" + js
                               + ";console.log(JSON.stringify(module.exports))"],
                              check=True, capture_output=True, text=True).stdout
        for case in json.loads(data):
            rows.append((case[0], case[1], expected))
    write("npm-semver.tsv", header("npm", "SemVer 2 order, node-semver's comparisons.js (a > b) and equality.js "
                                          "(loose: leading v, =, spaces)"), rows)


def go():
    src = show("go")
    block = re.search(r"var tests = \[\]struct \{.*?\}\{(.*?)\n\}", src, re.S).group(1)
    tests = re.findall(r'\{"([^"]*)", "([^"]*)"\}', block)
    rows = []
    for (i, (ai, ao)), (j, (bi, bo)) in itertools.combinations(enumerate(tests), 2):
        rows.append((ai, bi, 0 if ao == bo else -1))
    write("go-semver.tsv", header("go", "Go module semver order (golang.org/x/mod semver TestCompare: the tests list "
                                        "is ascending, equal canonical forms (or both invalid) compare equal)"), rows)


def rubygems():
    src = show("rubygems")
    rows = []
    for e, a, b in re.findall(r'assert_equal\((-?\d), v\("([^"]*)"\)\s*<=> v?\(?"([^"]*)"\)?\)', src):
        rows.append((a, b, int(e)))
    for a, b in re.findall(r'assert_less_than "([^"]*)", "([^"]*)"', src):
        rows.append((a, b, -1))
    for a, b in re.findall(r'assert_version_equal "([^"]*)",\s*"([^"]*)"', src):
        rows.append((a, b, 0))
    write("rubygems.tsv", header("rubygems", "RubyGems Gem::Version order (test_spaceship, test_semver, test_equals2)"),
          rows)


maven()
rubygems()
pep440()
npm()
go()
