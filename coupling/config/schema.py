"""What the texts in rules/ may say: the placeholders each text is formatted with.

Users override texts from their config; a misspelt placeholder (`{unti}`) or a format the value
cannot take (`{share:d}` for a share) must be a config error when the rules load, not a
traceback when a report is written. Each formatted text is listed here with a sample of every
field its renderer supplies; the tests hold the renderers to these lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter

# Fields every risk recommendation gets, with a sample value of the type supplied.
_UNIT = {"unit": "billing"}

# risks.<name>.recommendation → the fields its detector supplies besides {unit}.
RISK_FIELDS: Mapping[str, Mapping[str, object]] = {
    "data-consistency": {"count": 2, "others": "users"},
    "transaction-consistency": {"others": "users"},
    "data-access": {"count": 12, "others": "auth, users"},
    "cycle": {"count": 3, "others": "users"},
    "hidden-coupling": {"others": "users"},
    "team-coordination": {"others": "@team-a, @team-b"},
    "chatty-interface": {"count": 17},
    "blind-spots": {"detail": "it publishes report.ready"},
    "kernel-dependence": {"count": 31, "others": "utils"},
    "untested-complexity": {"detail": "build (complexity 30)"},
    "operational": {"detail": "78% of the monolith's CPU"},
}

# risks.moves.<key> → the fields the first move is formatted with.
MOVE_FIELDS: Mapping[str, Mapping[str, object]] = {
    "seal": {**_UNIT, "leaks": "9 imports"},
    "cut": {
        **_UNIT,
        "imports": "the 2 module imports",
        "others": "users",
        "first": "auth.permissions → users.models (src/auth/permissions.py:18)",
    },
    "publish": {**_UNIT, "importers": "5 units"},
    "freeze": {**_UNIT, "next": "replace the foreign keys by ids"},
}

# Every text of rules/plan.toml: the unit, and the folder it moves to.
PLAN_FIELDS: Mapping[str, object] = {**_UNIT, "root": "services/billing"}

# Texts of a risk that are printed as they are: no placeholder is filled in.
RISK_PLAIN_TEXTS = ("id", "title", "mitigation")

# scoring.reasons.<key> → the fields its phrase is formatted with.
REASON_FIELDS: Mapping[str, Mapping[str, object]] = {
    "zero_incoming": {},
    "few_incoming": {"imports": "3 imports", "importers": "2 units"},
    "many_incoming": {"imports": "20 imports", "importers": "4 units"},
    "few_outgoing": {"weighted": "12.1"},
    "many_outgoing": {"units": "4 units", "imports": "44 imports", "kernel": 31},
    "acyclic": {},
    "lazy_cycle": {},
    "cycle": {"units": "auth, users"},
    "clear_api": {"endpoints": "5 endpoints"},
    "clear_facade": {"through": 0.75},
    "leaky": {"entries": 3, "leaks": "5 imports"},
    "no_api": {},
    "data_isolated": {},
    "data_shared": {"fk_in": 1, "fk_out": 3, "used": 8, "uses": 6},
    "single_team": {"team": "@team-a", "share": 1.0},
    "split_team": {"teams": 2, "top": "@team-a"},
    "no_co_change": {},
    "co_change": {"with": "notifications (36%)"},
    "too_small": {"lines": "40"},
    "too_big": {"lines": "12,000"},
    "distinct_profile": {"detail": "pandas; 78% CPU"},
    "frequent_change": {"per_month": 4.2},
}


def risk_fields(name: str) -> Mapping[str, object]:
    """The fields risks.<name>.recommendation is formatted with."""
    return {**_UNIT, **RISK_FIELDS[name]}


def text_problem(text: str, fields: Mapping[str, object]) -> str:
    """Why `text` cannot be formatted with `fields` ("" when it can)."""
    try:
        names = {name for _literal, name, _spec, _conv in Formatter().parse(text) if name}
    except ValueError as exc:
        return f"is not a valid text template ({exc}); write braces as {{{{ and }}}}"
    unknown = sorted(name for name in names if name.split(".")[0].split("[")[0] not in fields)
    if unknown:
        known = ", ".join(f"{{{key}}}" for key in sorted(fields)) or "none"
        return f"unknown placeholder {', '.join(f'{{{u}}}' for u in unknown)}; it can use {known}"
    try:
        text.format(**fields)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return f"cannot be formatted ({exc}); check the format after the colon"
    return ""
