#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages vigil needs to build and test. Run as root
# (or with sudo available). Skips apt when everything is already present.
set -eu
PKGS="build-essential cmake pkg-config libexpat1-dev libutf8proc-dev libicu-dev \
libsodium-dev nettle-dev libjansson-dev libcmocka-dev python3 clang libclang-rt-14-dev \
zlib1g-dev libsqlite3-dev"
# vigil serve: libmicrohttpd (with GnuTLS) for the server, curl for its tests;
# wrk (server benchmark) and time (bench/run.sh) only with --bench (scripts/install-deps.sh --bench).
PKGS="$PKGS libmicrohttpd-dev curl"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS wrk time"
# the console's browser tests (tests/web): Debian's chromium, driven by
# playwright-core from npm (which never downloads a browser)
PKGS="$PKGS chromium"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node and npm may come from another packaging of Node.js: check the commands
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# tests/web/node_modules from the lock file, again only when the lock changed
web=tests/web
if ! cmp -s "$web/package-lock.json" "$web/node_modules/.vigil-lock" 2>/dev/null; then
    (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    cp "$web/package-lock.json" "$web/node_modules/.vigil-lock"
fi
