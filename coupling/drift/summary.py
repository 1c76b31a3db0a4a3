"""A coupling.json read into the Summary that `check` and `diff` compare."""

from __future__ import annotations

from typing import Any

from coupling.records import Fingerprint, Summary


def summarise(document: dict[str, Any]) -> Summary:
    """The Summary of a coupling.json; ValueError when it is not one this version wrote."""
    try:
        return _summary(document)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"unexpected content ({type(exc).__name__}: {exc})") from exc


def _summary(document: dict[str, Any]) -> Summary:
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
    )
