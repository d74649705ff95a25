#!/usr/bin/env bash
# Install a Debian package the tests need when it is missing and apt-get can be used.
#   bash tools/ensure_debian_package.sh PACKAGE "WHAT FOR" CHECK...
# CHECK is a shell test that succeeds when the package is already there (each is tried in turn).
# Never fails: whether a missing tool is an error is decided by the tests (an error with CI=true).
package=$1 purpose=$2
shift 2
for check in "$@"; do
  if bash -c "$check" >/dev/null 2>&1; then exit 0; fi
done
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure $package: no apt-get here; install $package yourself to run $purpose."
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "ensure $package: not root and no password-less sudo; run: sudo apt-get install $package"
    exit 0
  fi
fi
echo "ensure $package: installing Debian's $package for $purpose..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$package" >/dev/null \
  || echo "ensure $package: apt-get could not install $package."
exit 0
