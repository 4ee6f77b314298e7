#!/usr/bin/env python3
"""Generates severity and exploitation feeds at the real scale for bench/vulndb-build.sh.

From the CVE ids the generated OSV advisories name (an all.zip of OsvCorpusGenerator), takes the first CVES distinct
ones (and, when the advisories name fewer, further ids of the same years) and writes, in the official formats:
  nvdcve-2.0-bench.json.gz  NVD JSON 2.0: every CVE with a CVSS v3.1 rating, one in five also a v2 one;
  epss_scores-bench.csv.gz  FIRST's EPSS CSV (with its #model_version line): every CVE;
  kev-bench.json            CISA's KEV catalog: one CVE in 200.
Usage: gen-signals.py ALL.ZIP CVES OUTDIR [SEED]
"""
import gzip
import json
import random
import re
import sys
import zipfile

V3 = ["AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N",
      "AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", "AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H",
      "AV:L/AC:H/PR:L/UI:N/S:U/C:L/I:L/A:N", "AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N"]
V2 = ["AV:N/AC:L/Au:N/C:P/I:P/A:P", "AV:N/AC:M/Au:N/C:N/I:P/A:N", "AV:L/AC:L/Au:N/C:C/I:C/A:C"]
CVE = re.compile(r"CVE-\d{4}-\d{4,}")


def main():
    zip_path, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
    seen = {}
    with zipfile.ZipFile(zip_path) as z:
        for name in z.namelist():
            if len(seen) >= count:
                break
            for cve in CVE.findall(z.read(name).decode("utf-8")):
                seen.setdefault(cve, None)
    ids = list(seen)[:count]
    extra = 0
    while len(ids) < count:
        cve = "CVE-%d-%d" % (2014 + extra % 13, 900000 + extra)
        extra += 1
        if cve not in seen:
            ids.append(cve)
    with gzip.open(out + "/nvdcve-2.0-bench.json.gz", "wt", encoding="utf-8") as f:
        f.write('{"resultsPerPage": %d, "startIndex": 0, "totalResults": %d, "format": "NVD_CVE", '
                '"version": "2.0", "timestamp": "2026-12-01T00:00:00.000", "vulnerabilities": [\n'
                % (len(ids), len(ids)))
        for i, cve in enumerate(ids):
            metrics = {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {
                "version": "3.1", "vectorString": "CVSS:3.1/" + rnd.choice(V3), "baseScore": 0.0}}]}
            if rnd.random() < 0.2:
                metrics["cvssMetricV2"] = [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {
                    "version": "2.0", "vectorString": rnd.choice(V2), "baseScore": 0.0}}]
            f.write(("," if i else "") + json.dumps({"cve": {"id": cve, "published": "2024-01-01T00:00:00.000",
                    "lastModified": "2025-01-01T00:00:00.000", "vulnStatus": "Analyzed", "metrics": metrics}})
                    + "\n")
        f.write("]}\n")
    with gzip.open(out + "/epss_scores-bench.csv.gz", "wt", encoding="utf-8") as f:
        f.write("#model_version:v2025.03.14,score_date:2026-12-01T00:00:00+0000\ncve,epss,percentile\n")
        for cve in ids:
            score = round(rnd.random() ** 4, 5)
            f.write("%s,%.5f,%.5f\n" % (cve, score, min(1.0, score ** 0.25)))
    kev = [{"cveID": cve, "vendorProject": "bench", "product": "bench", "vulnerabilityName": cve,
            "dateAdded": "2025-01-02", "shortDescription": "generated", "requiredAction": "patch",
            "dueDate": "2025-01-23", "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": []}
           for cve in ids[::200]]
    with open(out + "/kev-bench.json", "w", encoding="utf-8") as f:
        json.dump({"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.12.01",
                   "dateReleased": "2026-12-01T00:00:00.000Z", "count": len(kev), "vulnerabilities": kev}, f)
    print("cves=%d named_by_advisories=%d kev=%d" % (len(ids), len(ids) - extra, len(kev)))


if __name__ == "__main__":
    main()
