#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing and apt-get can be used.
# Never fails: whether missing Chromium is an error is decided by the tests (an error with CI=true).
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure_chromium: no apt-get here; install Chromium yourself to run the browser tests."
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "ensure_chromium: not root and no password-less sudo; run: sudo apt-get install chromium"
    exit 0
  fi
fi
echo "ensure_chromium: installing Debian's chromium for the browser tests (about 30 s)..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq chromium >/dev/null \
  || echo "ensure_chromium: apt-get could not install chromium."
exit 0
