#!/usr/bin/env bash
# Make sure a Chromium exists for the browser tests: Debian's package, installed with
# apt-get when we run as root. Test tools may not download their own browser here.
set -eu
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium missing: installing Debian's chromium package..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<MSG
No Chromium at $CHROMIUM, and this user cannot install one.
Install it (Debian/Ubuntu: 'sudo apt-get install chromium'), or point CHROMIUM at
an existing Chromium or Chrome binary, then run 'make test' again.
MSG
exit 1
