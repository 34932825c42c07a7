#!/usr/bin/env bash
# The whole pipeline on the bundled example: Revontuli Palvelut Oy, a fictional Finnish
# managed-services provider preparing for ISO/IEC 20000-1 certification.
set -euo pipefail
VENV="${1:-.venv}"
CLI="$VENV/bin/itsm-assess"
HERE="$(cd "$(dirname "$0")" && pwd)"
EX="$HERE/revontuli"
OUT="${DEMO_OUTPUT:-demo-output}"
mkdir -p "$OUT"

echo "== catalogue"
"$CLI" catalogue validate
"$CLI" catalogue stats | sed -n 1p
"$CLI" catalogue export --format xlsx -o "$OUT/catalogue.xlsx" --force
"$CLI" catalogue show --process SCM --lang fi > "$OUT/catalogue-scm-fi.txt"

echo "== checklists"
"$CLI" checklist render --process CHG --edition auditor --lang en -o "$OUT/checklist-chg-auditor.html" --force
"$CLI" checklist render --process CHG --edition auditor --lang fi -o "$OUT/checklist-chg-auditor-fi.xlsx" --force
"$CLI" checklist render --process SCM --process SLM --process SUPP --edition trainer --lang fi \
  -o "$OUT/checklist-scm-slm-supp-trainer-fi.html" --force
"$CLI" checklist render --process CHG --edition participant --lang en --format md -o "$OUT/checklist-chg-participant.md" --force
# The stage 1 audit of the certification, by topic, for the lead auditor.
"$CLI" checklist render --edition stage1 --lang fi -o "$OUT/checklist-stage1-fi.html" --force

echo "== fieldwork and survey"
# A new self-assessment of change management: the workbook goes out, a staff survey comes back.
"$CLI" assess new --org "Revontuli Palvelut Oy" --processes CHG --id revontuli-chg-self --method self-assessment \
  --target CHG=3 --lang fi -o "$OUT/fieldwork" --force
# Ten colleagues answered in a survey tool (a row each, Finnish answer labels, comments); the
# value-by-value merge list goes to a file, the summary (respondents, items to discuss) to the screen.
"$CLI" assess survey "$EX/survey-chg.csv" --assessment "$OUT/fieldwork/assessment.yaml" --lang fi \
  > "$OUT/fieldwork/survey-merge.txt"
"$CLI" assess export "$OUT/fieldwork/assessment.yaml" -o "$OUT/fieldwork/fieldwork-prefilled.xlsx" --lang fi --force
# The team's own report: the director's summary first (standing, what to discuss, next steps).
"$CLI" report "$OUT/fieldwork/assessment.yaml" --format html,xlsx,pptx --lang fi -o "$OUT/self-assessment" --force

echo "== scores"
# The pre-certification audit of 2026 (the whole of clauses 4-10).
"$CLI" score "$EX/assessment-2026.yaml" --lang fi | sed -n '1,3p'
"$CLI" score "$EX/assessment-2026.yaml" --format json -o "$OUT/scores-2026.json" --force
# The consistency rules an auditor would check before signing (one located line per problem);
# with --previous also that no 2025 finding disappeared from the 2026 record without a closure.
"$CLI" assess check "$EX/assessment-2026.yaml" --previous "$EX/assessment-2025.yaml"

echo "== findings register"
# Every nonconformity from open to verified and closed, OFIs and observations apart.
"$CLI" findings register "$EX/assessment-2026.yaml" -o "$OUT/findings-register-fi.xlsx" --lang fi --force
"$CLI" findings register "$EX/assessment-2026.yaml" -o "$OUT/findings-register.html" --lang en --force
# Each 2025 finding as the 2026 audit followed it up: status then and now, verification, history.
"$CLI" findings follow-up "$EX/assessment-2026.yaml" --previous "$EX/assessment-2025.yaml" -o "$OUT/findings-follow-up-fi.html" --lang fi --force

echo "== change impact"
"$CLI" change classify "$EX/change-vdi.yaml" --policy "$EX/change-policy.yaml" --lang en
# The batch runs in English; the Finnish report words its categories, routes and reasons from the codes.
"$CLI" change batch "$EX/change-export.csv" --policy "$EX/change-policy.yaml" --map "$EX/change-map.yaml" --lang en \
  -o "$OUT/change-batch.xlsx" --summary-json "$OUT/change-summary.json" --force
"$CLI" change guide --policy "$EX/change-policy.yaml" --format html --lang fi -o "$OUT/change-guide-fi.html" --force
"$CLI" change guide --policy "$EX/change-policy.yaml" --format md --lang en -o "$OUT/change-guide.md" --force

echo "== metrics"
# KPIs per month and team from the service desk's ServiceNow exports and the customer-satisfaction
# survey's responses (joined on the ticket number), the staff survey (two rounds, Forms exports) and
# the scorecard that joins them.
M="$EX/metrics"
mkdir -p "$OUT/metrics"
"$CLI" metrics compute --incidents "$M/incident.csv" --requests "$M/sc_req_item.csv" --changes "$M/change_request.csv" \
  --problems "$M/problem.csv" --staffing "$M/staffing.yaml" --csat "$M/csat-survey.csv" --period 2026-01..2026-04 --lang fi \
  -o "$OUT/metrics/metrics.json" --force | sed -n '1,4p'
"$CLI" metrics survey "$M/survey-2025-forms.xlsx" -o "$OUT/metrics/survey-2025.json" --force --format json > /dev/null
"$CLI" metrics survey "$M/survey-2026-forms.xlsx" --previous "$OUT/metrics/survey-2025.json" \
  -o "$OUT/metrics/survey-2026.json" --force --lang fi | sed -n '1p'
"$CLI" metrics survey-form --tool forms -o "$OUT/metrics/kysely-forms.docx" --lang fi --force
for lang in fi en; do
  "$CLI" metrics report --metrics "$OUT/metrics/metrics.json" --survey "$OUT/metrics/survey-2026.json" --lang "$lang" \
    -o "$OUT/metrics/scorecard-$lang.html" -o "$OUT/metrics/scorecard-$lang.xlsx" -o "$OUT/metrics/scorecard-$lang.json" --force
done

echo "== reports"
# The gap report of 2026 against the first gap assessment of 2025, with the change analysis.
for lang in fi en; do
  "$CLI" report "$EX/assessment-2026.yaml" --baseline "$EX/assessment-2025.yaml" \
    --changes "$OUT/change-summary.json" --metrics "$OUT/metrics/metrics.json" \
    --format xlsx,html,json,pptx --lang "$lang" -o "$OUT/reports" --force \
    --distribution "Johtoryhmä, palvelunhallintajärjestelmän omistaja"
done

echo "== planning"
# The certification programme, the site sample, the audit plan of the 2026 scope and what goes with it.
"$CLI" plan programme --start 2027-03-08 --lang fi -o "$OUT/programme-fi.xlsx" --force
"$CLI" plan sample --sites "$EX/sites.yaml" --stage initial --seed 2027 --lang fi -o "$OUT/site-sample-fi.md" --force
"$CLI" plan new "$EX/assessment-2026.yaml" --days 3 --start 2027-04-19 --auditors "Aino Auditoija,Bertil Berg" \
  --sites "$EX/sites.yaml" --stage initial --seed 2027 --lang fi -o "$OUT/plan" --force
"$CLI" plan documents "$OUT/plan/plan.yaml" -o "$OUT/plan/document-requests-fi.xlsx" --lang fi --force
"$CLI" plan guides "$OUT/plan/plan.yaml" -o "$OUT/plan/interview-guides-fi.xlsx" --lang fi --force

echo
echo "Demo outputs are in $OUT/:"
ls -1 "$OUT" | sed 's/^/  /'
echo "Open the reports: $OUT/reports/revontuli-2026-report-fi.html and $OUT/reports/revontuli-2026-report-fi.xlsx"
echo "and the scorecard: $OUT/metrics/scorecard-fi.html and $OUT/metrics/scorecard-fi.xlsx"
echo "The team self-assessment (director's summary first): $OUT/self-assessment/revontuli-chg-self-report-fi.html"
echo "  and $OUT/self-assessment/revontuli-chg-self-report-fi.xlsx (sheet Yhteenveto), slides in the .pptx"
