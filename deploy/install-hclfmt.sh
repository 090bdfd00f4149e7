#!/usr/bin/env bash
# Builds HashiCorp's HCL formatter `hclfmt` (github.com/hashicorp/hcl/v2/cmd/hclfmt, the formatter
# behind `nomad fmt` and `terraform fmt`) from Debian's source packages, so CI can check the
# formatting of deploy/nomad/*.hcl without a Nomad binary (none installs from the registries this
# project can reach). Debian ships the Go sources under /usr/share/gocode; GOPATH mode builds them
# offline in about 10 s. Idempotent: does nothing when the binary exists and runs.
# Usage: bash deploy/install-hclfmt.sh [BIN]   (BIN default: /usr/local/bin/hclfmt; needs root for apt-get)
set -euo pipefail

BIN="${1:-${HCLFMT_BIN:-/usr/local/bin/hclfmt}}"
if [ -x "$BIN" ] && "$BIN" -h >/dev/null 2>&1 </dev/null; then
  echo "install-hclfmt: $BIN already built"
  exit 0
fi
if ! command -v go >/dev/null 2>&1 || [ ! -d /usr/share/gocode/src/github.com/hashicorp/hcl/v2 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq golang-go golang-github-hashicorp-hcl-v2-dev >/dev/null
fi
mkdir -p "$(dirname "$BIN")"
GOCACHE="$(mktemp -d)"
trap 'rm -rf "$GOCACHE"' EXIT
GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$GOCACHE" go build -o "$BIN" github.com/hashicorp/hcl/v2/cmd/hclfmt
echo "install-hclfmt: built $BIN ($(go version | awk '{print $3}'))"
