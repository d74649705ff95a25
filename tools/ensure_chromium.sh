#!/usr/bin/env bash
# Debian's chromium for the browser tests (about 30 s to install where it is missing).
exec bash "$(dirname "$0")/ensure_debian_package.sh" chromium "the browser tests" \
  "command -v chromium" "command -v chromium-browser"
