#!/usr/bin/env bash
# Debian packages the product needs, installed only when missing:
#  - fonts-noto-core: Noto Sans and Noto Naskh Arabic for PDFs (weasyprint uses fontconfig);
#  - libharfbuzz-subset0: font subsetting in weasyprint (without it fontTools is ~5x slower);
#  - libpango-1.0-0, libpangoft2-1.0-0: weasyprint's text layout;
#  - qpdf, poppler-utils: merging signed PDFs, and pdftotext in the tests;
#  - time: GNU time, for the benchmark to read the peak memory of a qpdf merge;
#  - gettext: msgfmt/xgettext for the translation catalogues;
#  - chromium: the browser tests drive Debian's Chromium (Playwright cannot download one here);
#  - softhsm2, opensc: a PKCS#11 token for signing keys in the tests.
set -euo pipefail

packages=(fonts-noto-core libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 qpdf time
          poppler-utils gettext chromium softhsm2 opensc)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
    echo "Please install these packages with your system's package manager: ${missing[*]}" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
