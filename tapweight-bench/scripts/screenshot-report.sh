#!/usr/bin/env bash
# Opens an HTML report (a run's report.html or a bench's results.html) in headless Chromium (Debian's
# package: apt-get install chromium) and saves a screenshot, to check that it renders as one file.
#   tapweight-bench/scripts/screenshot-report.sh runs/x/report.html docs/checks/run-report.png [height]
set -euo pipefail
page="$(readlink -f "$1")"
out="$2"
height="${3:-3000}"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# The flags keep Chromium off the network (this machine has none) and out of the home folder.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1280,"$height" --screenshot="$(readlink -f "$(dirname "$out")")/$(basename "$out")" "file://$page" 2>/dev/null
echo "screenshot of $page: $out"
