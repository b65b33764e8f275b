#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  echo "==> Chromium present: $(chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  echo "==> Installing Chromium from Debian's packages"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "==> Installing Chromium from Debian's packages (sudo)"
  sudo apt-get update -q
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
else
  echo "!! Chromium is missing and cannot be installed without root: run 'apt-get install chromium'." >&2
  echo "!! Browser tests will be reported as errors until it is installed." >&2
fi
