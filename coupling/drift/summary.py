"""The Summary that `check` and `diff` compare, built two ways: from a fresh assessment, and
from a committed coupling.json. This is the one module that knows which coupling.json fields
the summary reads; a test holds both ways equal on the same assessment, so renaming a field of
coupling.json breaks a test rather than a check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from coupling.cache.codec import sealed, unsealed
from coupling.records import Summary

if TYPE_CHECKING:
    from coupling.records import Assessment, Fingerprint


def summary_of(assessment: Assessment, plans: Mapping[str, str] | None = None) -> Summary:
    """What the reports of this assessment say about coupling, without lines; with `plans`,
    the digests of the facts of the committed plans (unit → digest)."""
    analysis = assessment.analysis
    imports: dict[Fingerprint, tuple[str, int, str]] = {}
    for dependency in analysis.imports.dependencies:
        for site in dependency.sites:
            for name in site.names:
                key = (dependency.importer, site.imported, name)
                imports.setdefault(key, (site.file, site.line, dependency.imported))
    return Summary(
        imports=imports,
        cells={(d.importer, d.imported): d.imports for d in analysis.imports.dependencies},
        groups=frozenset(frozenset(group) for group in analysis.imports.groups),
        fan_in={unit.name: unit.fan_in for unit in analysis.imports.units},
        scores={c.unit: c.score for c in assessment.candidates},
        ranking=tuple(c.unit for c in assessment.candidates),
        models=frozenset(model.key for model in analysis.data.models),
        endpoints=frozenset(
            (e.unit, e.endpoint.method, e.endpoint.path) for e in analysis.interfaces.endpoints
        ),
        history_head=analysis.evolution.history.head,
        facades={surface.unit: surface.facade for surface in analysis.interfaces.surfaces},
        plans=dict(plans or {}),
        scope=scope_of(
            analysis.project.scan_path, analysis.project.depth, analysis.project.units_from
        ),
    )


def scope_of(path: str, depth: object, units_from: object) -> tuple[str, ...]:
    """PATH, depth and the source of the units, as a summary keeps them."""
    return (str(path), str(depth), str(units_from))


def summary_from_json(document: dict[str, Any]) -> Summary:
    """The Summary of a coupling.json; ValueError when it is not one this version wrote."""
    try:
        return _from_json(document)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"unexpected content ({type(exc).__name__}: {exc})") from exc


def _from_json(document: dict[str, Any]) -> Summary:
    imports: dict[Fingerprint, tuple[str, int, str]] = {}
    for dependency in document["dependencies"]:
        for item in dependency["evidence"]:
            for name in item["names"]:
                key = (dependency["importer"], item["imported"], name)
                imports.setdefault(key, (item["file"], item["line"], dependency["imported"]))
    ranking = document["scores"]["ranking"]
    return Summary(
        imports=imports,
        cells={(d["importer"], d["imported"]): d["imports"] for d in document["dependencies"]},
        groups=frozenset(frozenset(group) for group in document["cycles"]["groups"]),
        fan_in={unit["name"]: unit["fan_in"] for unit in document["units"]},
        scores={entry["unit"]: entry["score"] for entry in ranking},
        ranking=tuple(entry["unit"] for entry in ranking),
        models=frozenset(model["key"] for model in document["models"]),
        endpoints=frozenset((e["unit"], e["method"], e["path"]) for e in document["endpoints"]),
        history_head=str(document.get("history", {}).get("head") or ""),
        facades={s["unit"]: tuple(s["facade"]) for s in document.get("public_surface", [])},
        scope=_scope(document.get("scope")),
    )


def _scope(scope: Any) -> tuple[str, ...]:
    """A baseline's scope; () for one written before scopes were recorded."""
    if not isinstance(scope, dict) or "path" not in scope:
        return ()
    return scope_of(scope["path"], scope.get("depth"), scope.get("units_from"))


def encoded(summary: Summary) -> str:
    """The summary as the cache keeps it (sealed: every check decodes one or two, of
    thousands of imports each, without checking each value)."""
    return sealed(summary)


def decoded(stored: str) -> Summary | None:
    """A summary the cache kept; None when the text is not one (damaged, another version)."""
    return unsealed(Summary, stored)
