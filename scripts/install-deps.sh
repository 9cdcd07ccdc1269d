#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages vigil needs to build and test. Run as root
# (or with sudo available). Skips apt when everything is already present.
set -eu
PKGS="build-essential cmake pkg-config libexpat1-dev libutf8proc-dev libicu-dev \
libsodium-dev libjansson-dev libcmocka-dev python3 clang libclang-rt-14-dev \
zlib1g-dev libsqlite3-dev"
# vigil serve: libmicrohttpd (with GnuTLS) for the server, curl for its tests;
# wrk only for the server benchmark (scripts/install-deps.sh --bench).
PKGS="$PKGS libmicrohttpd-dev curl"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS wrk"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
