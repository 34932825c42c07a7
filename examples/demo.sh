#!/usr/bin/env bash
# The whole pipeline on the bundled example: a fictional Finnish IT service provider.
set -euo pipefail
VENV="${1:-.venv}"
CLI="$VENV/bin/itsm-assess"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${DEMO_OUTPUT:-demo-output}"
mkdir -p "$OUT"

echo "== catalogue"
"$CLI" catalogue validate
"$CLI" catalogue stats | head -1
"$CLI" catalogue export --format xlsx -o "$OUT/catalogue.xlsx"

echo
echo "Demo outputs are in $OUT/:"
ls -1 "$OUT" | sed 's/^/  /'
