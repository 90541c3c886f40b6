#!/usr/bin/env bash
# Sets up a Debian machine for the demo and the tests, the same way whatever it already had:
# refreshes the package lists, installs or upgrades Debian's current Chromium and Firefox ESR
# (a machine that kept an older browser gets the current one), then the locked npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive

echo "Updating Debian's package lists"
"${as_root[@]}" apt-get update -qq
# `install` upgrades a package that is already there to the current candidate.
# unzip: the sources-archive rebuild check unpacks the store archive as a reviewer would.
# Fonts for the UI languages the tests render (Japanese, Korean, Chinese, Thai, Hindi; DejaVu,
# already a dependency of the browsers, has Arabic): without them those pages show empty boxes.
echo "Installing or upgrading chromium, firefox-esr, unzip and the fonts of the UI languages"
"${as_root[@]}" apt-get install -y -qq chromium firefox-esr unzip \
  fonts-noto-cjk fonts-thai-tlwg fonts-lohit-deva >/dev/null

# Debian's chromium wrapper prints a shell warning on stderr on some machines; the version is on stdout.
echo "Browsers: $(chromium --version 2>/dev/null) · $(firefox-esr --version 2>/dev/null)"

npm ci --no-audit --no-fund
