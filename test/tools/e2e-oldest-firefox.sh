#!/usr/bin/env bash
# `npm run test:e2e:oldest-firefox`: the smoke E2E in the oldest Firefox ESR the build accepts
# (its strict_min_version, 140 today), as users who have not upgraded still run it. Debian's
# package of that ESR is downloaded once and unpacked beside the installed browser (nothing is
# installed system-wide), then the suite runs with FIREFOX_PATH pointing at it.
set -euo pipefail
cd "$(dirname "$0")/../.."

manifest=.output/firefox-mv2/manifest.json
[ -f "$manifest" ] || { echo "No Firefox build: run \`npm run build:firefox\` first." >&2; exit 1; }
major=$(node -p "parseInt(require('./$manifest').browser_specific_settings.gecko.strict_min_version)")

# The newest Debian build of that major version, e.g. 140.12.0esr-1~deb12u1.
version=$(apt-cache madison firefox-esr | awk -F'|' '{gsub(/ /, "", $2); print $2}' |
  grep "^${major}\." | sort -V | tail -1 || true)
if [ -z "$version" ]; then
  echo "WARNING: Debian's archive no longer serves firefox-esr ${major}.x (apt-cache madison firefox-esr);"
  echo "WARNING: the oldest-Firefox smoke test did not run. Raise strict_min_version or find that build."
  exit 0
fi

dir=".cache/browsers/firefox-esr-${version}"
binary="$dir/usr/lib/firefox-esr/firefox-esr"
if [ ! -x "$binary" ]; then
  echo "Downloading Debian's firefox-esr ${version} (unpacked into $dir, not installed)"
  rm -rf "$dir" && mkdir -p "$dir"
  # As root, apt would hand the download to its _apt user, who cannot write here.
  as_user=()
  [ "$(id -u)" -ne 0 ] || as_user=(-o APT::Sandbox::User=root)
  (cd "$dir" && apt-get download -qq "${as_user[@]}" "firefox-esr=${version}" &&
    dpkg -x firefox-esr_*.deb . && rm -f firefox-esr_*.deb)
fi
echo "Smoke E2E in $("$binary" --version 2>/dev/null)"
FIREFOX_PATH="$PWD/$binary" E2E_BROWSERS=firefox npx vitest run --config vitest.e2e.config.ts test/e2e/smoke.e2e.ts
