#!/usr/bin/env python3
"""Makes the derived BerkeleyDB 'Packages' fixtures beside this script (documentation of how they were made;
the tests do not run it).

Needs Debian's db5.3-util (db5.3_dump, db5.3_load) and, for the check, Debian's rpm 4.18 (bdb_ro backend).
Input: ../bdb-mariner2-le-4096/Packages (129 real CBL-Mariner 2.0 headers, little-endian, keys = LE uint32).

For each fixture: db5.3_dump the input, keep key 0 (rpm's last-instance counter) and a subset of header records,
re-encode the 4-byte keys (and the counter value) in the target byte order, then
  db5.3_load -c db_pagesize=N -c db_lorder=1234|4321 -f load.txt Packages
and write expected.tsv / instances.tsv from what real rpm prints for the new file:
  rpm --define '_db_backend bdb_ro' --dbpath DIR -qa --qf ...
(rpm reads the file independently of this reader and verifies every header's SHA1/SHA256 digest).
bdb-libuuid-chksum: ../bdb-libuuid/Packages reloaded with '-c chksum=1' (DB_CHKSUM: every page header is followed by
a 4-byte checksum, so items start at byte 32, not 26). rpm's bdb_ro cannot read that layout, so the check is
db5.3_dump giving the same records as the original; expected.tsv / instances.tsv are libuuid's.
db5.3_load output is not byte-reproducible (meta-page uid, uninitialised padding); the content is.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, '..', 'bdb-mariner2-le-4096', 'Packages')

FIXTURES = {
    # name: (page size, byte order, header instances to keep)
    'bdb-le-512': (512, 'le', [92, 93, 8, 46, 11, 79, 88, 89, 63, 110]),
    'bdb-le-65536': (65536, 'le', [92, 93, 8, 46, 11, 60, 68, 6, 94, 86, 1, 79, 102]),
    'bdb-be-4096': (4096, 'be', [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 79, 89]),
    'bdb-be-512': (512, 'be', [92, 93, 8, 88, 102]),
}

QF = ('%{NAME}\\t%|EPOCH?{%{EPOCH}}:{}|\\t%{VERSION}\\t%{RELEASE}\\t%|ARCH?{%{ARCH}}:{}|\\t'
      '%|SOURCERPM?{%{SOURCERPM}}:{}|\\t%|MODULARITYLABEL?{%{MODULARITYLABEL}}:{}|\\t%|VENDOR?{%{VENDOR}}:{}|\\n')


def records(dump_text):
    lines = dump_text.splitlines()
    body = lines[lines.index('HEADER=END') + 1:lines.index('DATA=END')]
    assert len(body) % 2 == 0
    return [(bytes.fromhex(body[i].strip()), bytes.fromhex(body[i + 1].strip())) for i in range(0, len(body), 2)]


def make(name, page_size, order, keep):
    dump = subprocess.run(['db5.3_dump', SOURCE], check=True, capture_output=True, text=True).stdout
    out_dir = os.path.join(HERE, name)
    os.makedirs(out_dir, exist_ok=True)
    lines = ['VERSION=3', 'format=bytevalue', 'type=hash', 'h_nelem=%d' % (len(keep) + 1), 'HEADER=END']
    for key, value in records(dump):
        instance = int.from_bytes(key, 'little')
        if instance != 0 and instance not in keep:
            continue
        if instance == 0:
            value = int.from_bytes(value, 'little').to_bytes(4, 'big' if order == 'be' else 'little')
        lines.append(' ' + instance.to_bytes(4, 'big' if order == 'be' else 'little').hex())
        lines.append(' ' + value.hex())
    lines.append('DATA=END')
    target = os.path.join(out_dir, 'Packages')
    if os.path.exists(target):
        os.remove(target)
    with tempfile.NamedTemporaryFile('w', suffix='.txt') as load:
        load.write('\n'.join(lines) + '\n')
        load.flush()
        subprocess.run(['db5.3_load', '-c', 'db_pagesize=%d' % page_size,
                        '-c', 'db_lorder=%s' % ('4321' if order == 'be' else '1234'),
                        '-f', load.name, target], check=True)
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copy(target, scratch)
        base = ['rpm', '--define', '_db_backend bdb_ro', '--dbpath', scratch, '-qa']
        rows = subprocess.run(base + ['--qf', QF], check=True, capture_output=True, text=True)
        inst = subprocess.run(base + ['--qf', '%{DBINSTANCE}\\t%{NEVRA}\\n'], check=True, capture_output=True,
                              text=True)
        noise = [l for l in (rows.stderr + inst.stderr).splitlines() if 'could not open' not in l]
        if noise:
            sys.exit('rpm complained about %s: %s' % (name, noise))
    with open(os.path.join(out_dir, 'expected.tsv'), 'w') as f:
        f.write('name\tepoch\tversion\trelease\tarch\tsourcerpm\tmodularitylabel\tvendor\n' + rows.stdout)
    with open(os.path.join(out_dir, 'instances.tsv'), 'w') as f:
        f.write('dbinstance\tnevra\n' + inst.stdout)
    count = len(rows.stdout.splitlines())
    assert count == len(keep), (name, count)
    print('%s: %d packages, %d bytes' % (name, count, os.path.getsize(target)))


def make_checksummed():
    original = os.path.join(HERE, '..', 'bdb-libuuid')
    out_dir = os.path.join(HERE, 'bdb-libuuid-chksum')
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, 'Packages')
    if os.path.exists(target):
        os.remove(target)
    dump = subprocess.run(['db5.3_dump', os.path.join(original, 'Packages')], check=True, capture_output=True,
                          text=True).stdout
    subprocess.run(['db5.3_load', '-c', 'chksum=1', target], input=dump, check=True, text=True)
    again = subprocess.run(['db5.3_dump', target], check=True, capture_output=True, text=True).stdout
    assert records(again) == records(dump)
    for name in ('expected.tsv', 'instances.tsv'):
        shutil.copy(os.path.join(original, name), out_dir)
    print('bdb-libuuid-chksum: %d bytes, metaflags %d' % (os.path.getsize(target), open(target, 'rb').read()[26]))


if __name__ == '__main__':
    for fixture, (size, byte_order, subset) in FIXTURES.items():
        make(fixture, size, byte_order, subset)
    make_checksummed()
