#!/usr/bin/env bash
# Build the VS Code extension and package it, offline, to target/vscode/detlint-linux-x64.vsix.
#
#   scripts/package-vscode.sh [--bin PATH] [--no-bin]
#
# The detlint binary to bundle under bin/ is --bin PATH, else $DETLINT_BIN, else
# target/release/detlint, else target/debug/detlint; a copy is stripped of debug info. --no-bin
# packages an extension without a server (it then needs the detlint.path setting).
# Needs `npm ci` done in editors/vscode (node_modules present).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ext=editors/vscode
out=target/vscode
bin=${DETLINT_BIN:-}
bundle=1
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --no-bin) bundle=0; shift ;;
    *) echo "usage: $0 [--bin PATH] [--no-bin]" >&2; exit 2 ;;
  esac
done
if [ ! -d "$ext/node_modules" ]; then
  echo "package-vscode: run 'npm ci' in $ext first" >&2
  exit 2
fi
rm -rf "$ext/bin"
if [ "$bundle" = 1 ]; then
  if [ -z "$bin" ]; then
    for c in target/release/detlint target/debug/detlint; do
      if [ -x "$c" ]; then bin=$c; break; fi
    done
  fi
  if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "package-vscode: no detlint binary (cargo build first, or pass --bin PATH / --no-bin)" >&2
    exit 2
  fi
  mkdir -p "$ext/bin"
  cp "$bin" "$ext/bin/detlint"
  strip --strip-debug "$ext/bin/detlint" 2>/dev/null || true
  chmod 755 "$ext/bin/detlint"
fi
mkdir -p "$out"
cd "$ext"
npx --no-install vsce package --no-dependencies --target linux-x64 \
  --out "$root/$out/detlint-linux-x64.vsix" >/dev/null
echo "package-vscode: $out/detlint-linux-x64.vsix"
