#!/usr/bin/env bash
# Writes the docs' pictures (docs/images/link/*.png, docs/images/dashboard/*.png):
# the browser tests photograph every Link pane and dashboard page as they
# walk them, here into the docs folder instead of the temporary ones. Needs
# what the browser tests need: node, npm ci in testdata/browser, Chromium
# at /usr/bin/chromium.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$root/docs/images/link" "$root/docs/images/dashboard"
cd "$root"
LINK_SCREENSHOTS="$root/docs/images/link" DASHBOARD_SCREENSHOTS="$root/docs/images/dashboard" \
  go test -count=1 -run '^(TestBrowserLink|TestBrowserTransferUI|TestBrowserMicrodeposits|TestBrowserDashboard)$' ./emulator/
ls -l docs/images/link docs/images/dashboard
