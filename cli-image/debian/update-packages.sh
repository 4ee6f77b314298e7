#!/usr/bin/env bash
# Pins the current Debian 12 versions of the packages in packages.txt into packages.lock (name, version, arch,
# SHA-256, size, URL), as apt on a Debian 12 amd64 machine with bookworm, bookworm-updates and bookworm-security
# sources sees them. Run it when the build says a pinned package is no longer in the archive (Debian removes
# superseded versions from deb.debian.org), or to take security updates into the image; then rebuild and commit.
set -euo pipefail
cd "$(dirname "$0")"
. /etc/os-release
if [ "${VERSION_CODENAME:-}" != bookworm ] || [ "$(dpkg --print-architecture)" != amd64 ]; then
  echo "update-packages.sh: run on Debian 12 (bookworm) amd64, not ${PRETTY_NAME:-unknown}" \
    "$(dpkg --print-architecture)" >&2
  exit 1
fi
names=$(grep -v '^#' packages.txt | grep -v '^$')
# apt-get download --print-uris: 'URL' FILE SIZE SHA256:HEX, FILE being NAME_VERSION_ARCH.deb with ':' as %3a
# shellcheck disable=SC2086
apt-get download --print-uris $names | while read -r url file size sum; do
  url=${url//\'/}
  url=${url/#http:/https:}
  base=${file%.deb}
  name=${base%%_*}
  rest=${base#*_}
  version=${rest%_*}
  version=${version//%3a/:}
  arch=${rest##*_}
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$version" "$arch" "${sum#SHA256:}" "$size" "$url"
done | sort > packages.lock.new
if [ "$(wc -l < packages.lock.new)" -ne "$(echo "$names" | wc -l)" ]; then
  echo "update-packages.sh: not every package was found" >&2
  exit 1
fi
{
  echo "# name	version	arch	sha256	size	url -- written by update-packages.sh from packages.txt; do not edit"
  cat packages.lock.new
} > packages.lock
rm packages.lock.new
cat packages.lock
