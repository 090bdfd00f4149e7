#!/usr/bin/env bash
# Installs the pgvector extension into the local PostgreSQL on Debian bookworm, which ships no
# pgvector binary package: builds it from Debian trixie's *source* package. Idempotent: does
# nothing when the extension is already available. Needs root (apt-get, make install).
set -euo pipefail

PG_CONFIG="${PG_CONFIG:-$(ls -d /usr/lib/postgresql/*/bin/pg_config 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$PG_CONFIG" ] || [ ! -x "$PG_CONFIG" ]; then
  echo "install-pgvector: no pg_config found (is PostgreSQL installed?)" >&2
  exit 1
fi
SHAREDIR="$("$PG_CONFIG" --sharedir)"
if [ -f "$SHAREDIR/extension/vector.control" ]; then
  echo "install-pgvector: pgvector already installed for $("$PG_CONFIG" --version)"
  exit 0
fi

PG_MAJOR="$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')"
export DEBIAN_FRONTEND=noninteractive
SRC_LIST=/etc/apt/sources.list.d/navigator-trixie-src.list
cleanup() { rm -f "$SRC_LIST"; apt-get update -qq >/dev/null 2>&1 || true; }
trap cleanup EXIT

apt-get update -qq
apt-get install -y -qq build-essential "postgresql-server-dev-$PG_MAJOR" dpkg-dev >/dev/null
# Reuse the Debian mirror this machine is already configured with (deb822 or one-line format).
MIRROR="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n 1)"
[ -n "$MIRROR" ] || MIRROR="$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n 1)"
[ -n "$MIRROR" ] || { echo "install-pgvector: no Debian mirror configured in /etc/apt" >&2; exit 1; }
echo "deb-src $MIRROR trixie main" > "$SRC_LIST"
apt-get update -qq
WORK="$(mktemp -d)"
( cd "$WORK" && apt-get source -qq pgvector >/dev/null 2>&1 )
rm -f "$SRC_LIST"
DIR="$(find "$WORK" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
[ -n "$DIR" ] || { echo "install-pgvector: apt-get source pgvector produced nothing" >&2; exit 1; }
make -s -C "$DIR" PG_CONFIG="$PG_CONFIG" >/dev/null
make -s -C "$DIR" PG_CONFIG="$PG_CONFIG" install >/dev/null
rm -rf "$WORK"
echo "install-pgvector: installed pgvector $(sed -nE "s/default_version = '([^']+)'/\1/p" "$SHAREDIR/extension/vector.control") for PostgreSQL $PG_MAJOR"
