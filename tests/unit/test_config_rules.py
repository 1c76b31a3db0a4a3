"""The shipped rules load, and overrides merge into them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coupling.config.rules import load_rules
from coupling.errors import ConfigError
from tests.support import REPO


def test_shipped_rules_match_the_rules_folder() -> None:
    shipped = tomllib.loads((REPO / "rules" / "analysis.toml").read_text())
    rules = load_rules({})
    assert rules.shared_kernel.min_importer_share == shipped["shared_kernel"]["min_importer_share"]
    assert rules.max_cycles_listed == shipped["cycles"]["max_listed"]


def test_overrides_replace_single_values() -> None:
    rules = load_rules({"shared_kernel": {"max_instability": 0.25}})
    assert (rules.shared_kernel.max_instability, rules.shared_kernel.min_importer_share) == (
        0.25,
        0.5,
    )


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"scoring": {}}, r"unknown rule\(s\) rules.scoring"),
        ({"cycles": 3}, "rules.cycles must be a table"),
        ({"cycles": {"max_length": 1}}, "rules.cycles.max_length must be a number from 2 to 50"),
        ({"cycles": {"max_listed": "ten"}}, "rules.cycles.max_listed must be a number"),
    ],
)
def test_bad_overrides_name_the_rule_and_file(override: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_rules(override, Path("coupling.toml"))
    assert str(caught.value).startswith("coupling.toml: ")
