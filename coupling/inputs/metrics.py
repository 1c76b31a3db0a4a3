"""Production metrics per unit from the user's TOML file (--metrics): CPU and memory share,
traffic, errors, latency. They are benefit signals shown beside a score, never in it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.errors import InputError
from coupling.records import ProductionMetrics, UnitLoad

if TYPE_CHECKING:
    from coupling.records import Project

_KEYS = ("cpu_share", "memory_share", "requests_per_day", "error_rate", "p99_latency_ms")


def read_metrics(path: Path | None, project: Project) -> ProductionMetrics:
    if path is None:
        return ProductionMetrics(source="")
    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except OSError as exc:
        raise InputError(f"cannot read metrics file: {exc.strerror or exc}", path=path) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        found = re.search(r"at line (\d+)", str(exc))
        raise InputError(
            f"not a TOML metrics file ({exc}); see examples/techcorp/production-metrics.toml",
            path=path,
            line=int(found.group(1)) if found else None,
        ) from exc
    units = document.get("units")
    if not isinstance(units, dict):
        raise InputError(
            "no [units.<name>] tables; see examples/techcorp/production-metrics.toml", path=path
        )
    loads = []
    for unit, values in sorted(units.items()):
        if not isinstance(values, dict):
            raise InputError(f"units.{unit} must be a table", path=path)
        bad = sorted(
            key
            for key, value in values.items()
            if key not in _KEYS or isinstance(value, bool) or not isinstance(value, int | float)
        )
        if bad:
            raise InputError(
                f"units.{unit}: unknown or non-numeric {', '.join(bad)}; known: {', '.join(_KEYS)}",
                path=path,
            )
        if unit in project.units:
            loads.append((unit, UnitLoad(**{key: float(value) for key, value in values.items()})))
    return ProductionMetrics(source=path.name, units=tuple(loads))
