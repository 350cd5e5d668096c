#!/usr/bin/env bash
# Debian's Chromium for the browser tests and bench:ui (never a downloaded browser).
#
#   scripts/browser.sh ensure | path
#
# `ensure` installs the `chromium` package with apt-get when /usr/bin/chromium is
# missing (apt-get update first), then prints its version.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

case "${1:-ensure}" in
  ensure)
    if [ ! -x "$CHROMIUM" ]; then
      echo "browser: instalando chromium desde los paquetes de Debian…" >&2
      if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
    fi
    "$CHROMIUM" --version 2>/dev/null
    ;;
  path)
    echo "$CHROMIUM"
    ;;
  *)
    echo "uso: scripts/browser.sh ensure|path" >&2
    exit 2
    ;;
esac
