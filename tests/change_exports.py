"""Generated change exports for the batch tests: random ServiceNow-style rows, stock tool exports."""

from __future__ import annotations

from pathlib import Path


def generated_export(path: Path, rows: int, seed: int, criticality_column: bool) -> None:
    """ServiceNow-style rows with blanks, odd spelling, unknown services and models, and bad cells."""
    import csv
    import random

    rnd = random.Random(seed)

    def pick(*choices: str, blank: float = 0.08, bad: str | None = None) -> str:
        if bad is not None and rnd.random() < 0.01:
            return bad
        if rnd.random() < blank:
            return ""
        v = choices[0] if rnd.random() < 0.7 else rnd.choice(choices)  # mostly the harmless first value
        return rnd.choice([v, v.upper(), f" {v} "]) if rnd.random() < 0.1 else v

    header = ["number", "short_description", "type", "u_change_kind", "std_change_producer_version",
              "business_service", "u_ci_class", "u_users_affected", "u_customers_affected", "u_sla_effect",
              "u_planned_outage_min", "u_security_classification", "u_cost_eur", "u_backout_possible",
              "u_complexity", "u_testability", "u_lead_time_days", "u_regulatory_effect", "u_deployment",
              "u_emergency_reason", "u_approved_by", "u_process_route", "u_service_changes", "u_ci_count"]
    if criticality_column:
        header.append("u_service_criticality")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(rows):
            cells = [
                rnd.choice([f"CHG{i}", f"CHG{i}", ""]), f"=change {i}" if i % 50 == 0 else f"change {i}",
                pick("Standard", "Normal", "Emergency", "Expedited"),
                pick("Modification", "Modification", "New service", "Service removal", "Service transfer",
                     bad="Rebuild"),
                pick("server-os-patch", "certificate-renewal", "workstation-software", "firewall-rule",
                     "no-such-model", blank=0.5),
                pick("intranet", "email", "erp-hosting", "workplace", "backup; intranet", "unknown-svc",
                     "email, erp-hosting"),
                pick("server", "database", "certificate", "workstation", "network-device", bad="mainframe"),
                pick("5", "0", "50", "51", "99", "100", "1999", "2000", "2500,5", bad="many"),
                pick("0", "9", "10", "12"), pick("none", "degraded", "breach"),
                pick("0", "5", "6", "29", "30", "60", "61", "240", bad="long"),
                pick("internal", "public", "confidential", "secret"), pick("0", "9999", "10000", "100000"),
                pick("Yes", "No", "kyllä", "ei", bad="maybe"), pick("low", "medium", "high"),
                pick("full", "none", "partial"), pick("30", "0", "4", "5"), pick("No", "Yes"), pick("No", "Yes"),
                pick("none", "service-restoration", "security-vulnerability", blank=0.2),
                pick("Change Manager", "", "CAB", "CAB; Service Owner", "ECAB", "ECAB, CAB"),
                pick("Change Management", "Service Design and Transition"),
                pick("none", "functionality", "service-levels; customers", "architecture", blank=0.15),
                pick("1", "5", "10", "99", "100", "500", bad="several"),
            ]
            if criticality_column:
                cells.append(pick("1 - critical", "2 - high", "3 - medium", "4 - low", blank=0.6))
            w.writerow(cells)


SERVICENOW_STOCK = ["number", "short_description", "type", "state", "risk", "impact", "priority", "category", "cmdb_ci",
                    "business_service", "assignment_group", "requested_by", "opened_at", "start_date", "end_date",
                    "approval", "cab_required", "close_code", "std_change_producer_version"]


def servicenow_stock_export(path: Path, rows: int = 500, seed: int = 15) -> None:
    """A stock ServiceNow change_request list export (display values), as an instance without custom fields gives."""
    import csv
    import random
    from datetime import datetime, timedelta

    rnd = random.Random(seed)
    services = ["Email", "SAP Enterprise Services", "IT Services", "Email and calendar", "ERP hosting", "Intranet",
                "Backup and restore", "Service desk", ""]
    templates = ["Windows OS patch - 3", "Renew SSL certificate - 2", "Add firewall rule - 1", "Clear BGP sessions - 1",
                 "Reboot Windows Server - 4"]
    groups = ["Network", "Database", "Service Desk", "Hardware", "Software", "CAB Approval"]
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(SERVICENOW_STOCK)
        start = datetime(2025, 1, 6, 8, 0)
        for i in range(rows):
            typ = rnd.choices(["Standard", "Normal", "Emergency", "Expedited"], [45, 45, 5, 5])[0]
            state = rnd.choices(["New", "Assess", "Authorize", "Scheduled", "Implement", "Review", "Closed", "Canceled"],
                                [5, 5, 5, 10, 5, 10, 55, 5])[0]
            opened = start + timedelta(hours=rnd.randint(0, 24 * 300))
            begin = opened + timedelta(days=rnd.choice([0, 1, 2, 5, 7, 14, 30]), hours=rnd.randint(0, 8))
            approval = "Approved" if state not in ("New", "Assess", "Authorize") else rnd.choice(
                ["Not Yet Requested", "Requested"])
            if rnd.random() < 0.03:
                approval = "Rejected"
            w.writerow([
                f"CHG{30000 + i:07d}", f"Change {i}: " + rnd.choice(["patch", "reconfigure", "replace disk", "upgrade"]),
                typ, state, rnd.choices(["Low", "Moderate", "High", "Very High"], [50, 30, 15, 5])[0],
                rnd.choice(["1 - High", "2 - Medium", "3 - Low"]), rnd.choice(["1 - Critical", "2 - High", "3 - Moderate",
                                                                                "4 - Low"]),
                rnd.choice(["Hardware", "Software", "Service", "System Software", "Applications Software", "Network",
                            "Telecom", "Documentation", "Other"]),
                rnd.choice(["lnux100", "EXCH-SD-05", "SAP-FIN-01", "bow-ibm", ""]), rnd.choice(services),
                rnd.choice(groups), rnd.choice(["Beth Anglin", "David Loo", "ITIL User"]),
                opened.strftime("%Y-%m-%d %H:%M:%S"), begin.strftime("%Y-%m-%d %H:%M:%S") if rnd.random() > 0.05 else "",
                (begin + timedelta(hours=rnd.choice([1, 2, 4]))).strftime("%Y-%m-%d %H:%M:%S"),
                approval, rnd.choice(["true", "false"]),
                rnd.choice(["successful", "successful_issues", "unsuccessful"]) if state == "Closed" else "",
                rnd.choice(templates) if typ == "Standard" else "",
            ])


JIRA_STOCK = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Priority", "Resolution", "Assignee",
              "Reporter", "Created", "Updated", "Custom field (Change type)", "Custom field (Change risk)",
              "Custom field (Change reason)", "Custom field (Impact)", "Custom field (Urgency)",
              "Custom field (Affected services)", "Custom field (Change start date)",
              "Custom field (Change completion date)"]


def jira_stock_export(path: Path, rows: int = 200, seed: int = 16) -> None:
    """A Jira Service Management export of change issues, with the template's fields only."""
    import csv
    import random
    from datetime import datetime, timedelta

    rnd = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(JIRA_STOCK)
        start = datetime(2025, 2, 3, 9, 0)
        for i in range(rows):
            created = start + timedelta(hours=rnd.randint(0, 24 * 200))
            begin = created + timedelta(days=rnd.choice([0, 2, 3, 7, 21]))
            w.writerow([
                f"Change {i}", f"ITSM-{100 + i}", str(10000 + i), "Change",
                rnd.choice(["Planning", "Awaiting approval", "Awaiting implementation", "Implementing", "Completed"]),
                rnd.choice(["Highest", "High", "Medium", "Low"]), rnd.choice(["", "Done"]), "Alana Grant", "Jie Yan Song",
                created.strftime("%d/%b/%y %I:%M %p"), created.strftime("%d/%b/%y %I:%M %p"),
                rnd.choices(["Standard", "Normal", "Emergency"], [40, 55, 5])[0],
                rnd.choice(["Low", "Medium", "High", "Critical", ""]),
                rnd.choice(["Repair", "Upgrade", "Maintenance", "New functionality", "Other", ""]),
                rnd.choice(["Extensive / Widespread", "Significant / Large", "Moderate / Limited", "Minor / Localized"]),
                rnd.choice(["Critical", "High", "Medium", "Low"]),
                rnd.choice(["Email and calendar", "ERP hosting", "Intranet", "Payroll", "Email and calendar, Intranet"]),
                begin.strftime("%d/%b/%y %I:%M %p") if rnd.random() > 0.1 else "",
                (begin + timedelta(hours=2)).strftime("%d/%b/%y %I:%M %p"),
            ])
