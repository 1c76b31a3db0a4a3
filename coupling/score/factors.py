"""The factors, each in [0, 1] with 1 = easy to extract, and the raw measures behind it.

Counts become values as m / (m + count), m being the median of the other units' fan-in (or
of their inbound data links): the same rules then fit 5 units and 500, and a unit's own new
import can never improve its own scale.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from coupling.records import Factor, FactorName

if TYPE_CHECKING:
    from coupling.score.context import Context, UnitFacts

Weights = tuple[tuple[str, float], ...]  # factor → weight, summing to 1


def factors(unit: str, context: Context, weights: Weights) -> tuple[Factor, ...]:
    """The factors of `unit`, weighted for a service (rules' weights) or for a library to
    publish (rules' library_weights); a factor without input is left out, the rest scaled up."""
    facts = context.units[unit]
    values = {
        FactorName.INBOUND: _inbound(unit, facts, context),
        FactorName.OUTBOUND: _outbound(unit, facts, context),
        FactorName.SEAM: _seam(facts),
        FactorName.ACYCLICITY: _acyclicity(unit, facts, context),
        FactorName.BOUNDARY: _boundary(unit, facts, context),
        FactorName.DATA: _data(unit, facts, context),
        FactorName.OWNERSHIP: _ownership(facts, context),
        FactorName.CHANGE: _change(facts, context),
        FactorName.SIZE: _size(unit, facts, context),
    }
    weight = dict(weights)
    known = sum(weight[name] for name, (value, _raw) in values.items() if value is not None)
    return tuple(
        Factor(name, value, weight[name] / known if value is not None and known else 0.0, raw)
        for name, (value, raw) in values.items()
    )


Value = tuple[float | None, tuple[tuple[str, float], ...]]


def _ratio(scale: float, count: float) -> float:
    return scale / (scale + count)


def _inbound(unit: str, facts: UnitFacts, context: Context) -> Value:
    stats, share = facts.stats, context.rules.breadth_share
    # Its importers are counted among every other unit of the project, ranked or not (the
    # facade and shims import too): counted among the ranked ones only, a unit imported by
    # all of them fell below 0.
    others = len(context.analysis.imports.units) - 1
    breadth = 1 - stats.ca / others if others else 1.0
    value = (1 - share) * _ratio(context.inbound_scale(unit), stats.fan_in) + share * breadth
    return value, (("fan_in", stats.fan_in), ("importing_units", stats.ca))


def _outbound(unit: str, facts: UnitFacts, context: Context) -> Value:
    weighted = facts.reach.weighted_imports
    return _ratio(context.inbound_scale(unit), weighted), (
        ("service_imports", facts.reach.service_imports),
        ("kernel_imports", facts.reach.kernel_imports),
        ("weighted", round(weighted, 2)),
    )


def _seam(facts: UnitFacts) -> Value:
    """Third-party packages no other unit imports: they leave with it, and the rest of the
    project sheds them. u / (u + 1): 0 with none of its own, 0.5 with one, 0.8 with four."""
    own = len(facts.unique_packages)
    return own / (own + 1), (("own_packages", own), ("third_party", len(facts.stats.third_party)))


def _acyclicity(unit: str, facts: UnitFacts, context: Context) -> Value:
    """1 outside any cycle. In a cycle group, the share of the other units it is tied to sets
    the value: a cycle with one neighbour is cut or extracted whole; one through most of the
    project is not. A cycle closed at import time counts in [0, 0.5], one closed only by
    imports in functions or for type checking in [0.5, 1)."""
    cycle = facts.cycle
    raw = (
        ("in_cycle", float(cycle.in_group)),
        ("at_import_time", float(bool(cycle.cycle_now))),
        ("group_units", float(len(cycle.group) + 1 if cycle.in_group else 0)),
    )
    if not cycle.in_group:
        return 1.0, raw
    others = len(context.units) - 1
    free = 1 - len(cycle.group) / others if others else 0.0
    return (0.5 * free if cycle.cycle_now else 0.5 + 0.5 * free), raw


def _boundary(unit: str, facts: UnitFacts, context: Context) -> Value:
    leaks = facts.boundary.incoming - facts.boundary.through_facade
    parts = (
        _ratio(context.inbound_scale(unit), leaks),
        1 / facts.boundary.entries if facts.boundary.entries else 1.0,
        1.0 if facts.boundary.endpoints else 0.0,
    )
    return sum(parts) / 3, (
        ("endpoints", facts.boundary.endpoints),
        ("entry_modules", facts.boundary.entries),
        ("imports_past_facade", leaks),
    )


def _data(unit: str, facts: UnitFacts, context: Context) -> Value:
    raw = (
        ("foreign_keys_in", facts.data.fk_in),
        ("foreign_keys_out", facts.data.fk_out),
        ("models_used_by_others", facts.data.used_by_others),
        ("models_of_others_used", facts.data.uses_theirs),
        ("models_of_others_written", len(facts.data.writes_theirs)),
        ("sql_in", facts.data.sql_in),
        ("sql_out", facts.data.sql_out),
    )
    if not context.has_data:
        return None, raw
    inbound = facts.data.fk_in + facts.data.used_by_others + facts.data.sql_in
    outbound = facts.data.fk_out + facts.data.uses_theirs + facts.data.sql_out
    scale = context.data_scale(unit, context.rules.data_floor)
    return _ratio(scale, inbound + context.rules.outbound_data_weight * outbound), raw


def _ownership(facts: UnitFacts, context: Context) -> Value:
    parts: list[float] = []
    raw: list[tuple[str, float]] = []
    if context.has_owners and facts.teams.owners:
        parts.append(1 / len(facts.teams.owners))
        raw.append(("codeowners_teams", len(facts.teams.owners)))
    if facts.teams.top_team is not None:
        parts.append(facts.teams.top_team[1])
        raw.append(("top_team_share", round(facts.teams.top_team[1], 4)))
    elif facts.teams.fractal is not None:
        parts.append(
            1 - facts.teams.fractal
        )  # no [teams]: one author dominating is the closest sign
        raw.append(("fractal", round(facts.teams.fractal, 4)))
    return (sum(parts) / len(parts) if parts else None), tuple(raw)


def _change(facts: UnitFacts, context: Context) -> Value:
    degree = sum(d for _other, d in facts.teams.co_change)
    if not context.has_history:
        return None, ()
    return max(0.0, 1 - degree), (("co_change_degree", round(degree, 4)),)


def _size(unit: str, facts: UnitFacts, context: Context) -> Value:
    """Worth a step of its own: r / (r + low) for a unit r times the other units' median size
    (0.5 at the band's low end, rising smoothly: too small is not worth a service's running
    cost or a distribution's releases), times high / r above the band's high end (too big is
    a programme). Smooth, not flat inside the band: two units of different sizes never tie
    on it, so the scale does not saturate among units every other factor rates alike. Size is
    code lines without import statements: an added import is wiring, never more worth."""
    lines = facts.stats.logic_lines
    median = (
        statistics.median(context.others(unit, "logic_lines")) if len(context.units) > 1 else lines
    )
    low, high = context.rules.size_band
    ratio = lines / median if median else 1.0
    value = ratio / (ratio + low) * min(1.0, high / ratio if ratio else 1.0)
    return value, (
        ("code_lines", facts.stats.code_lines),
        ("import_lines", facts.stats.import_lines),
        ("median_code_lines", median),
    )
