#!/usr/bin/env bash
# Writes the README's pictures of the Link page (docs/images/link/*.png):
# the browser test photographs every pane as it walks it, here into the
# docs folder instead of the temporary one. Needs what the browser test
# needs: node, npm ci in testdata/browser, Chromium at /usr/bin/chromium.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/docs/images/link"
mkdir -p "$out"
cd "$root"
LINK_SCREENSHOTS="$out" go test -count=1 -run '^TestBrowserLink$' ./emulator/
ls -l "$out"
