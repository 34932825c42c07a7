"""Benchmark runner: every ``bench/bench_*.py`` exposes ``run() -> list[Measurement]``.

Each workload is measured against a floor measured in the same run (bare openpyxl,
bare csv, bare ``import click``), and reported as a ratio with the aim it should meet.
Usage: ``python bench/run.py [NAME ...]`` (names match the module suffix, e.g. ``cli``).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import Measurement  # noqa: E402


def main(argv: list[str]) -> int:
    wanted = set(argv)
    results: list[Measurement] = []
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        for m in module.run():
            results.append(m)
            print(m.line(), flush=True)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps([m.as_dict() for m in results], indent=2))
    failed = [m for m in results if not m.ok]
    print(f"\n{len(results) - len(failed)} within aim, {len(failed)} over aim; figures in bench/results/latest.json")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
