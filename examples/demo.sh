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
"$CLI" catalogue stats | sed -n 1p
"$CLI" catalogue export --format xlsx -o "$OUT/catalogue.xlsx"

echo "== checklists and fieldwork"
"$CLI" checklist render --process CHG --edition auditor -o "$OUT/checklist-chg-auditor.html" --force
"$CLI" checklist render --process CHG --edition auditor --lang fi -o "$OUT/checklist-chg-auditor-fi.xlsx" --force
"$CLI" assess new --org "Revontuli Palvelut Oy" --processes CHG --id revontuli-2025 --method self-assessment \
  --target CHG=3 --lang fi -o "$OUT/fieldwork" --force
"$CLI" assess survey "$HERE/revontuli/survey-chg.csv" --assessment "$OUT/fieldwork/assessment.yaml"
"$CLI" assess export "$OUT/fieldwork/assessment.yaml" -o "$OUT/fieldwork/fieldwork-prefilled.xlsx" --force

echo "== catalogue content: portfolio, relationship and agreement (8.1-8.3)"
# The trainer edition (typical weaknesses, model answers) for a service catalogue and supplier course.
"$CLI" catalogue show --process SCM --lang fi > "$OUT/catalogue-scm-fi.txt"
"$CLI" checklist render --process SCM --process SLM --process SUPP --edition trainer --lang fi \
  -o "$OUT/checklist-scm-slm-supp-trainer-fi.html" --force

echo "== reports"
# The gap report of the pre-certification audit, compared with the first gap assessment a year earlier.
if [ -f "$HERE/revontuli/assessment-2026.yaml" ] && [ -f "$HERE/revontuli/assessment-2025.yaml" ]; then
  for lang in fi en; do
    "$CLI" report "$HERE/revontuli/assessment-2026.yaml" --baseline "$HERE/revontuli/assessment-2025.yaml" \
      --format xlsx,html,json --lang "$lang" -o "$OUT/reports" --force
  done
else
  echo "(examples/revontuli/assessment-2025.yaml and -2026.yaml not generated yet; skipping reports)"
fi

echo "== change impact"
"$CLI" change classify "$HERE/revontuli/change-vdi.yaml" --policy "$HERE/revontuli/change-policy.yaml"
"$CLI" change batch "$HERE/revontuli/change-export.csv" --policy "$HERE/revontuli/change-policy.yaml" --map servicenow \
  -o "$OUT/change-batch.xlsx" --summary-json "$OUT/change-summary.json" --force
"$CLI" change guide --policy "$HERE/revontuli/change-policy.yaml" --format html --lang fi -o "$OUT/change-guide-fi.html" --force
"$CLI" change guide --policy "$HERE/revontuli/change-policy.yaml" --format md -o "$OUT/change-guide.md" --force

echo
echo "Demo outputs are in $OUT/:"
ls -1 "$OUT" | sed 's/^/  /'
