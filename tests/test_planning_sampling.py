"""Sampling rules: IAF MD 1 site sample sizes, the random share, reproducible draws, record samples."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.planning.sampling import (
    SamplingTable,
    draw,
    load_sites,
    random_share_size,
    record_sample_size,
    sample_records,
    sample_sites,
    site_sample_size,
)

SITES = Path(__file__).parent / "fixtures" / "planning" / "sites.yaml"

# Hand-worked: √x, 0.6√x, 0.8√x rounded up (x = sites besides the central function).
GOLDEN_SIZES = [
    # x, initial, surveillance, recertification
    (1, 1, 1, 1),
    (2, 2, 1, 2),       # √2=1.41; 0.85; 1.13
    (4, 2, 2, 2),       # 2; 1.2; 1.6
    (9, 3, 2, 3),       # 3; 1.8; 2.4
    (10, 4, 2, 3),      # 3.16; 1.90; 2.53
    (16, 4, 3, 4),      # 4; 2.4; 3.2
    (25, 5, 3, 4),      # 5; 3.0 exactly (not 4); 4.0 exactly (not 5)
    (100, 10, 6, 8),    # exact products stay exact
    (101, 11, 7, 9),    # 10.05; 6.03; 8.04
]


@pytest.mark.parametrize(("x", "initial", "surveillance", "recert"), GOLDEN_SIZES)
def test_site_sample_sizes_are_iaf_md1(x: int, initial: int, surveillance: int, recert: int) -> None:
    assert site_sample_size(x, "initial") == initial
    assert site_sample_size(x, "surveillance") == surveillance
    assert site_sample_size(x, "recertification") == recert


def test_no_sites_no_sample_and_unknown_stage_refused() -> None:
    assert site_sample_size(0, "initial") == 0
    with pytest.raises(ValueError, match="unknown audit stage"):
        site_sample_size(4, "stage-3")


@pytest.mark.parametrize(("sample", "random"), [(1, 1), (3, 1), (4, 1), (5, 2), (8, 2), (9, 3), (12, 3)])
def test_random_share_is_a_quarter_rounded_up(sample: int, random: int) -> None:
    assert random_share_size(sample) == random


def test_draw_orders_by_sha256_of_seed_and_id() -> None:
    ids = ["A", "B", "C", "D", "E"]
    expected = sorted(ids, key=lambda i: hashlib.sha256(f"7:{i}".encode()).hexdigest())[:2]
    assert draw(ids, 2, 7) == expected
    assert draw(list(reversed(ids)), 2, 7) == expected  # the order of the list does not matter
    assert any(draw(ids, 2, seed) != expected for seed in range(8, 20))  # the seed does


def test_initial_site_sample_of_the_fixture() -> None:
    sites = load_sites(SITES)
    sample = sample_sites(sites, "initial", seed=2027)
    # 12 sites: HEL central, ROV excluded, so x = 10 -> ⌈√10⌉ = 4, of which ⌈25 % of 4⌉ = 1 random at least.
    assert (sample.population, sample.size, sample.random_minimum) == (10, 4, 1)
    assert sample.sites[0].id == "HEL" and sample.sites[0].basis == "central"
    assert [s.id for s in sample.sites if s.basis == "judgement"] == ["OUL"]
    drawn = [s.id for s in sample.sites if s.basis == "random"]
    candidates = ["TRE", "JKL", "KUO", "TKU", "LPR", "VAA", "POR", "SEI", "KOK"]
    assert drawn == draw(candidates, 3, 2027)
    assert "ROV" not in {s.id for s in sample.sites}
    assert sample.random_count >= sample.random_minimum
    assert len(sample.sites) == 1 + sample.size
    # Reproducible: same seed, same sites.
    assert sample_sites(sites, "initial", seed=2027) == sample


def test_judgement_choices_never_eat_the_random_share(tmp_path: Path) -> None:
    lines = ["schema_version: 1", "sites:", "  - {id: C, name: Central, central: true}"]
    lines += [f"  - {{id: S{i}, name: Site {i}, chosen: true}}" for i in range(1, 10)]
    path = tmp_path / "sites.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sample = sample_sites(load_sites(path), "initial", seed=1)
    # x = 9 -> 3 sites; 1 must be random even though all 9 were chosen on judgement.
    assert sample.size == 3
    assert [s.basis for s in sample.sites] == ["central", "judgement", "judgement", "random"]
    assert sample.random_count == 1
    drawn = sample.sites[-1].id
    assert set(sample.left_out_choices) == {f"S{i}" for i in range(3, 10)} - {drawn}


@pytest.mark.parametrize(("body", "expected"), [
    ("sites:\n  - {id: A, name: A}\n", "exactly one site is the central function"),
    ("sites:\n  - {id: A, name: A, central: true}\n  - {id: A, name: B}\n", "listed twice"),
    ("sites:\n  - {id: A, name: A, central: yes please}\n", "central"),
])
def test_bad_sites_file_is_one_clear_error(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text("schema_version: 1\n" + body, encoding="utf-8")
    with pytest.raises(InputError, match=expected):
        load_sites(path)
    result = CliRunner().invoke(cli, ["plan", "sample", "--sites", str(path), "--stage", "initial", "--seed", "1"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "sites.yaml:" in result.output


@pytest.mark.parametrize(("population", "size"), [(0, 0), (1, 1), (2, 2), (3, 3), (9, 3), (10, 4), (400, 20), (401, 21)])
def test_record_sample_size_square_root_rule(population: int, size: int) -> None:
    assert record_sample_size(population) == size


def test_record_sample_size_from_a_user_table() -> None:
    table = SamplingTable.model_validate({
        "schema_version": 1, "name": "CB table", "source": "our certification body, 2026",
        "bands": [{"up_to": 10, "size": 2}, {"up_to": 100, "size": 10}], "above": 25,
    })
    assert [record_sample_size(n, table) for n in (1, 10, 11, 100, 101)] == [1, 2, 10, 10, 25]
    with pytest.raises(ValueError, match="rising"):
        SamplingTable.model_validate({"schema_version": 1, "name": "x", "source": "y",
                                      "bands": [{"up_to": 10, "size": 2}, {"up_to": 5, "size": 1}], "above": 3})


def test_record_draw_is_written_down_and_reproducible() -> None:
    ids = [f"CHG-{n:04d}" for n in range(1, 121)]
    result = sample_records(ids, seed=42)
    assert result.size == math.ceil(math.sqrt(120)) == 11
    assert [i for i, _ in result.drawn] == draw(ids, 11, 42)
    assert all(k == hashlib.sha256(f"42:{i}".encode()).hexdigest() for i, k in result.drawn)
    with pytest.raises(InputError, match="more than once"):
        sample_records(["A", "B", "A"], seed=1)


def test_cli_sample_and_records(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["plan", "sample", "--sites", str(SITES), "--stage", "surveillance", "--seed", "5",
                                 "--lang", "fi"])
    assert result.exit_code == 0, result.output
    assert "Toimipaikkaotos: määräaikaisauditointi" in result.output
    assert "⌈0,6·√10⌉ = 2" in result.output
    assert "keskustoiminto" in result.output
    # -o sample.xlsx writes a workbook (it wrote Markdown into a file Excel then refused to open, fi-blind-3);
    # Markdown into another office file name is refused in one line, nothing written.
    book = tmp_path / "sample.xlsx"
    result = runner.invoke(cli, ["plan", "sample", "--sites", str(SITES), "--stage", "initial", "--seed", "5", "--lang",
                                 "fi", "-o", str(book)])
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    sheet = load_workbook(book).worksheets[0]
    assert sheet.title == "Toimipaikkaotos" and sheet["A1"].value == "Auditoinnin tyyppi: sertifiointiauditointi"
    refused = runner.invoke(cli, ["plan", "records", "--population", "40", "-o", str(tmp_path / "r.xlsx")],
                            env={"ITSM_ASSESS_LANG": "fi"})
    assert refused.exit_code == 2 and not (tmp_path / "r.xlsx").exists()
    assert refused.output.strip().endswith("r.xlsx: komento kirjoittaa Markdownia; anna .md-päätteinen tiedostonimi")
    ids = tmp_path / "changes.txt"
    ids.write_text("\n".join(f"C{n}" for n in range(50)) + "\n", encoding="utf-8")
    out = tmp_path / "records.md"
    result = runner.invoke(cli, ["plan", "records", "--ids", str(ids), "--seed", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "- Sample size: 8" in text
    assert text.count("| C") == 8
    result = runner.invoke(cli, ["plan", "records", "--ids", str(ids)])
    assert result.exit_code == 2 and "--seed" in result.output


def test_record_sample_counts_in_the_language_s_format() -> None:
    from itsm_assess.planning.sampling import record_sample_markdown

    fi = record_sample_markdown(sample_records(1200), "fi")
    assert "- Perusjoukko: 1\u00a0200\n" in fi and "- Otoskoko: 35\n" in fi
    assert "- Population: 1,200\n" in record_sample_markdown(sample_records(1200), "en")
