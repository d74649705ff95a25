#!/usr/bin/env bash
# Debian's PostgreSQL binaries for the workshop-record tests. The tests start their own throwaway
# server (tools/postgres_server.py), so the cluster Debian's package creates is not needed.
exec bash "$(dirname "$0")/ensure_debian_package.sh" postgresql "the workshop-record tests" \
  "command -v pg_ctl" "ls /usr/lib/postgresql/*/bin/pg_ctl"
