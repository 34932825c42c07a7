"""`change init-policy --lang fi` writes the default policy with Finnish guidance comments (fi-blind-2 #344: they
were English); the data is the same in every language."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from itsm_assess.change_impact.policy import comment_blocks, default_policy_path, load_policy, policy_template
from itsm_assess.cli import cli

COMMENTS_FI = default_policy_path().with_name("default.comments.fi.yaml")


def test_every_comment_block_of_the_default_policy_has_its_finnish_text() -> None:
    english = [block for _, _, block in comment_blocks(default_policy_path().read_text(encoding="utf-8"))]
    translated = {entry["en"] for entry in yaml.safe_load(COMMENTS_FI.read_text(encoding="utf-8"))}
    assert [b.split("\n")[0] for b in english if b not in translated] == []  # edit the Finnish with the English
    assert [b.split("\n")[0] for b in translated if b not in english] == []  # no stale translation


def test_finnish_template_has_finnish_comments_and_the_same_data(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["change", "init-policy", "--lang", "fi", "-o", str(tmp_path / "politiikka.yaml")])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "politiikka.yaml").read_text(encoding="utf-8")
    assert text == policy_template("fi")
    assert text.startswith("# itsm-assess-työkalun muutoksenhallintapolitiikan oletuspohja (ISO/IEC 20000-1:2018")
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    # Words of the old English guidance (keys, operators and ids in backticks stay as they are).
    english = re.compile(r"\b(the|and|is|of|when|which|change|policy|risk is|Copy it|Conditions)\b")
    assert english.findall(re.sub(r"`[^`]*`|\{[^}]*\}|\b(risk|major_impact|match|type|includes|says|says_not|"
                                  r"values|ordered|unit)\b", "", comments)) == []
    strip = re.compile(r"(?m)^#.*\n")
    assert strip.sub("", text) == strip.sub("", default_policy_path().read_text(encoding="utf-8"))
    assert load_policy(tmp_path / "politiikka.yaml").file == load_policy().file
    res = CliRunner().invoke(cli, ["change", "init-policy", "-o", str(tmp_path / "policy.yaml")])
    assert (tmp_path / "policy.yaml").read_text(encoding="utf-8") == default_policy_path().read_text(encoding="utf-8")
