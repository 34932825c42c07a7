#!/usr/bin/env bash
# Renders the screenshots of docs/for-service-managers.md: a Finnish team self-assessment of
# three processes, eight made-up answers, the report. Needs LibreOffice, poppler-utils and Chromium.
# Usage: bash docs/images/screenshots.sh [.venv]
set -euo pipefail
VENV=$(cd "${1:-.venv}" && pwd)
OUT=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
"$VENV"/bin/itsm-assess assess new --org "Kunnan IT-palvelut" -p INC,SRQ,CHG --method self-assessment \
  --lang fi --id kunta-2026 -o kysely
"$VENV"/bin/python "$OUT/fill_answers.py" kysely/questionnaire.xlsx
"$VENV"/bin/itsm-assess assess survey vastaus-*.xlsx --assessment kysely/assessment.yaml
"$VENV"/bin/itsm-assess report kysely/assessment.yaml --format pdf -o raportti
soffice --headless "-env:UserInstallation=file://$WORK/lo" --convert-to pdf kysely/questionnaire.xlsx >/dev/null
pdftoppm -r 60 -png -f 1 -l 1 -singlefile questionnaire.pdf "$OUT/sm-instructions"
pdftoppm -r 60 -png -f 2 -l 2 -singlefile questionnaire.pdf "$OUT/sm-questions"
cp vastaus-2.xlsx filled.xlsx
soffice --headless "-env:UserInstallation=file://$WORK/lo" --convert-to pdf filled.xlsx >/dev/null
pdftoppm -r 60 -png -f 2 -l 2 -singlefile filled.pdf "$OUT/sm-filled"
pdf=$(ls raportti/*.pdf)
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
for page in $(seq 1 "$pages"); do
  if pdftotext -f "$page" -l "$page" "$pdf" - | grep -q "Työpajassa"; then
    pdftoppm -r 70 -png -f "$page" -l "$page" -singlefile "$pdf" "$OUT/sm-report-survey"
  fi
  if pdftotext -f "$page" -l "$page" "$pdf" - | grep -q "Seuraavat askeleet"; then
    pdftoppm -r 70 -png -f "$page" -l "$page" -singlefile "$pdf" "$OUT/sm-report-summary"
  fi
done
