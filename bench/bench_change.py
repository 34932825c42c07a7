"""Batch change classification: 100,000 generated ServiceNow-style records from CSV.

Floor: a bare ``csv.DictReader`` pass over the same file, measured in the same run.
Workload 1 (aim <= 3x): read, convert, classify and find deviations (``classify_export``).
Workload 2 (reported): the same plus writing the output workbook, on the first 20,000 records only
(writing 100,000 rows with openpyxl alone takes about a minute), against bare write-only openpyxl
writing the same 20,000 rows of 17 cells (aim <= 3x).
"""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path

from common import Measurement, best_of

ROWS = 100_000
WORKBOOK_ROWS = 20_000
COLUMNS = [
    "number", "short_description", "type", "u_change_kind", "std_change_producer_version", "business_service",
    "u_ci_class", "u_users_affected", "u_customers_affected", "u_sla_effect", "u_planned_outage_min",
    "u_security_classification", "u_cost_eur", "u_backout_possible", "u_complexity", "u_testability",
    "u_lead_time_days", "u_regulatory_effect", "u_deployment", "u_emergency_reason", "u_approved_by",
    "u_process_route", "u_service_changes", "u_ci_count", "assignment_group", "opened_at",
]
#: The stock ServiceNow map plus the custom fields (u_...) the default policy reads.
EXTENDED_MAP = Path(__file__).parents[1] / "tests" / "fixtures" / "change" / "servicenow-extended.yaml"


def generate(path: Path, rows: int = ROWS, seed: int = 7) -> None:
    """A realistic mix: mostly minor normal and standard changes, some significant, few major."""
    rnd = random.Random(seed)
    services = ["email", "erp-hosting", "service-desk", "workplace", "backup", "intranet"]
    models = {"server-os-patch": "server", "certificate-renewal": "certificate",
              "workstation-software": "workstation", "firewall-rule": "network-device"}
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for i in range(rows):
            typ = rnd.choices(["Standard", "Normal", "Emergency"], [40, 55, 5])[0]
            model = rnd.choice(list(models)) if typ == "Standard" else ""
            kind = rnd.choices(["Modification", "New service", "Service removal", "Service transfer"], [96, 2, 1, 1])[0]
            ci = models[model] if model else rnd.choice(["server", "database", "application", "network-device"])
            emergency = rnd.choice(["service-restoration", "security-vulnerability"]) if typ == "Emergency" else "none"
            w.writerow([
                f"CHG{1000000 + i}", f"Generated change {i}", typ, kind, model, rnd.choice(services), ci,
                rnd.choice([0, 5, 20, 80, 150, 600, 2500]), rnd.choice([0, 1, 2, 5, 12]),
                rnd.choices(["none", "degraded", "breach"], [90, 8, 2])[0], rnd.choice([0, 0, 5, 15, 30, 45, 90, 240]),
                rnd.choices(["public", "internal", "confidential", "secret"], [10, 70, 18, 2])[0],
                rnd.choice([0, 0, 500, 5000, 20000, 150000]), rnd.choices(["Yes", "No"], [92, 8])[0],
                rnd.choice(["low", "low", "medium", "high"]), rnd.choice(["full", "full", "partial", "none"]),
                rnd.choice([0, 2, 5, 7, 14, 30]), rnd.choices(["No", "Yes"], [97, 3])[0], rnd.choice(["Yes", "No"]),
                emergency, rnd.choice(["Change Manager", "CAB", "CAB; Service Owner", "ECAB", ""]),
                rnd.choice(["Change Management", "Service Design and Transition"]),
                rnd.choices(["none", "functionality", "customers", "architecture", ""], [85, 5, 3, 2, 5])[0],
                rnd.choice([1, 1, 2, 5, 12, 150]), "Infra", "2025-03-01 10:00",
            ])


def run() -> list[Measurement]:
    from itsm_assess.change_impact import load_policy
    from itsm_assess.change_impact.batch import classify_export, write_batch_workbook
    from itsm_assess.change_impact.maps import load_column_map

    policy = load_policy()
    cmap = load_column_map(EXTENDED_MAP)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "changes.csv"
        generate(path)

        def bare() -> None:
            with open(path, newline="", encoding="utf-8-sig") as fh:
                for _ in csv.DictReader(fh):
                    pass

        floor = best_of(bare, repeat=5)
        holder: dict[str, object] = {}

        def work() -> None:
            holder["result"] = classify_export(path, policy, cmap)

        seconds = best_of(work, repeat=3)
        result = holder["result"]
        note = (f"{len(result.rows):,} classified, {len(result.rejected)} rejected, "  # type: ignore[attr-defined]
                f"{len(result.deviations):,} deviations")  # type: ignore[attr-defined]
        out = [Measurement("change batch: classify 100k records from CSV", seconds,
                           "bare csv.DictReader pass", floor, 3.0, note=note)]

        small = Path(tmp) / "changes-20k.csv"
        generate(small, rows=WORKBOOK_ROWS)
        small_result = classify_export(small, policy, cmap)
        cells = [[f"text {i} {j}" for j in range(17)] for i in range(len(small_result.rows))]

        def bare_workbook() -> None:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("Changes")
            for row in cells:
                ws.append(row)
            wb.save(Path(tmp) / "bare.xlsx")

        wb_floor = best_of(bare_workbook, repeat=1)

        def with_workbook() -> None:
            r = classify_export(small, policy, cmap)
            write_batch_workbook(r, policy, Path(tmp) / "out.xlsx")

        total = best_of(with_workbook, repeat=1)
        out.append(Measurement("change batch: classify + write output workbook (20k records)", total,
                               "bare write-only openpyxl, 20k rows x 17 cells", wb_floor, 3.0,
                               note="20,000 of the records: write-only openpyxl, 4 sheets, rationale per change"))
    return out
