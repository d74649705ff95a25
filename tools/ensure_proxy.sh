#!/usr/bin/env bash
# configurable-http-proxy (npm) for make hub and tests/hub: JupyterHub's proxy. Installed into a
# local prefix (default .hub/, so .hub/node_modules/.bin/configurable-http-proxy) where neither
# that nor one on PATH exists. Needs Node.js and npm (and the npm registry, the first time).
set -euo pipefail
prefix="${1:-.hub}"
if [ -x "$prefix/node_modules/.bin/configurable-http-proxy" ] || command -v configurable-http-proxy >/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "JupyterHub needs configurable-http-proxy, installed with npm, and npm is missing: install Node.js (https://nodejs.org/) and run this again." >&2
  exit 1
fi
echo "Installing configurable-http-proxy into $prefix/node_modules (npm)..."
mkdir -p "$prefix"
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error configurable-http-proxy@4
