"""Cold start of the CLI against ``python -c "import click"``; validating the full catalogue."""

from __future__ import annotations

from pathlib import Path

from common import PYTHON, Measurement, median_of_process

CLI = str(Path(PYTHON).parent / "itsm-assess")


def run() -> list[Measurement]:
    floor = median_of_process([PYTHON, "-c", "import click"])
    help_time = median_of_process([CLI, "--help"])
    out = [Measurement("itsm-assess --help (cold start)", help_time, "python -c 'import click'", floor, 1.5)]
    # Validating the whole bundled catalogue: floor is loading the same YAML files with bare PyYAML.
    from itsm_assess import resources

    files = [str(p) for p in sorted(resources.catalogue_root().rglob("*.yaml"))]
    files += [str(p) for p in sorted(resources.checklist_root().rglob("*.yaml"))]
    code = ("import sys, yaml\nfor f in sys.argv[1:]:\n    yaml.load(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader)\n")
    yaml_floor = median_of_process([PYTHON, "-c", code, *files], repeat=5)
    validate = median_of_process([CLI, "catalogue", "validate"], repeat=5)
    out.append(Measurement("catalogue validate (full bundled catalogue, cold)", validate,
                           "bare PyYAML CSafeLoader of the same files (cold)", yaml_floor, 4.0,
                           note=f"{len(files)} files"))
    return out
