#!/usr/bin/env bash
# Install Debian's PostgreSQL for the workshop-record tests when pg_ctl is missing and apt-get can
# be used. Never fails: whether missing PostgreSQL is an error is decided by the tests (an error
# with CI=true). The tests start their own throwaway server (tools/postgres_server.py), so the
# cluster Debian's package creates is not needed; it is left as the package sets it up.
if command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure_postgres: no apt-get here; install PostgreSQL yourself to run its tests."
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "ensure_postgres: not root and no password-less sudo; run: sudo apt-get install postgresql"
    exit 0
  fi
fi
echo "ensure_postgres: installing Debian's postgresql for the workshop-record tests..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq postgresql >/dev/null \
  || echo "ensure_postgres: apt-get could not install postgresql."
exit 0
