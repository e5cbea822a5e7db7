# Sourced by ./smspay, ./run-tests and .ci/run: puts Node 24 and pnpm on PATH,
# installing them into .toolchain/ when the machine lacks them (these machines
# ship Node 20; the npm package `node` carries the real Node binary).
# Never replaces the system Node.
set -euo pipefail
SMSPAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_MAJOR=24
PNPM_VERSION=12.4.2
TOOLCHAIN="$SMSPAY_ROOT/.toolchain"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt "$NODE_MAJOR" ]; then
  if [ ! -x "$TOOLCHAIN/node_modules/node/bin/node" ] || [ ! -x "$TOOLCHAIN/node_modules/.bin/pnpm" ]; then
    echo "smspay: installing Node $NODE_MAJOR and pnpm $PNPM_VERSION into .toolchain/" >&2
    mkdir -p "$TOOLCHAIN"
    npm install --prefix "$TOOLCHAIN" --no-save --loglevel=error "node@$NODE_MAJOR" "pnpm@$PNPM_VERSION" >&2
  fi
  export PATH="$TOOLCHAIN/node_modules/node/bin:$TOOLCHAIN/node_modules/.bin:$PATH"
elif ! command -v pnpm >/dev/null || [ "$(pnpm -v)" != "$PNPM_VERSION" ]; then
  if [ ! -x "$TOOLCHAIN/node_modules/.bin/pnpm" ]; then
    mkdir -p "$TOOLCHAIN"
    npm install --prefix "$TOOLCHAIN" --no-save --loglevel=error "pnpm@$PNPM_VERSION" >&2
  fi
  export PATH="$TOOLCHAIN/node_modules/.bin:$PATH"
fi

# Dependencies (and the generated Prisma client) when the lockfile changed.
stamp="$SMSPAY_ROOT/node_modules/.smspay-install-stamp"
if [ ! -f "$stamp" ] || [ "$SMSPAY_ROOT/pnpm-lock.yaml" -nt "$stamp" ] || [ "$SMSPAY_ROOT/packages/db/prisma/schema.prisma" -nt "$stamp" ]; then
  (cd "$SMSPAY_ROOT" && pnpm install --frozen-lockfile=${CI:-false} >&2 && pnpm --filter @smspay/db run generate >&2)
  touch "$stamp"
fi
