#!/usr/bin/env bash
# Make sure the browsers of the browser tests exist: Debian's packages, installed with
# apt-get when we run as root. No test tool may download a browser of its own here.
#
#   chromium             Chromium, driven by Playwright            (CHROMIUM=/path overrides)
#   webkit2gtk-driver    WebKitWebDriver + WebKitGTK's MiniBrowser  (WEBKIT_DRIVER, MINIBROWSER)
#   xvfb                 the virtual display MiniBrowser draws into
#   firefox-esr          Firefox ESR, driven by puppeteer-core      (FIREFOX)
set -eu
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
WEBKIT_DRIVER=${WEBKIT_DRIVER:-/usr/bin/WebKitWebDriver}
FIREFOX=${FIREFOX:-/usr/bin/firefox-esr}
minibrowser() {
  if [ -n "${MINIBROWSER:-}" ]; then [ -x "$MINIBROWSER" ]; else compgen -G "/usr/lib/*/webkit2gtk-4.1/MiniBrowser" >/dev/null; fi
}

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
{ [ -x "$WEBKIT_DRIVER" ] && minibrowser; } || missing+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || missing+=(xvfb)
[ -x "$FIREFOX" ] || missing+=(firefox-esr)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Browsers missing: installing Debian's ${missing[*]}..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
cat >&2 <<MSG
Missing for the browser tests: ${missing[*]} (Debian packages), and this user cannot install them.
Install them (Debian/Ubuntu: 'sudo apt-get install ${missing[*]}'), or point CHROMIUM,
WEBKIT_DRIVER + MINIBROWSER or FIREFOX at existing binaries, then run 'make test' again.
MSG
exit 1
