"""Module names in strings, resolved like imports: kept when they name scanned code, or when
they name nothing knowable (a non-literal import_module: a static blind spot)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.graph.imports import absolute_name
from coupling.records import DynamicEdge, DynamicKind

if TYPE_CHECKING:
    from coupling.records import FileFacts, SourceFile


def dynamic_edges(
    files: list[tuple[SourceFile, FileFacts]], unit_of: dict[str, str]
) -> tuple[DynamicEdge, ...]:
    names = _names_by_module(files)
    tails = _module_tails(names)
    found = []
    for file, facts in files:
        for item in facts.dynamic_imports:
            name = item.target.split(":")[0]
            if name.startswith("."):
                name = absolute_name(name, file.module, file.is_package) or ""
            module = _named_module(name, names) if name else None
            attribute = item.target.partition(":")[2]
            if module is not None and attribute and attribute not in names.get(module, ()):
                # "pkg.mod:attr" naming what the module does not define or import (a table of
                # moved or removed names, as pydantic keeps): no reference to live code.
                continue
            if module is None and item.kind is DynamicKind.LOADER and name:
                # A loader's label is often relative to the project (get_class("basket.forms",
                # ...)): it names the one scanned module whose dotted name ends with it.
                module = tails.get(name)
            if module is not None:
                imported, unit = module or "", unit_of.get(module or "", "")
            elif not item.target:
                imported, unit = "", ""  # not a literal: cannot be known statically
            else:
                continue  # a third-party module, or a dotted string that names no code
            found.append(
                DynamicEdge(
                    item.kind,
                    file.unit,
                    file.module,
                    item.target,
                    imported,
                    unit,
                    file.rel,
                    item.line,
                )
            )
    return tuple(found)


def _names_by_module(files: list[tuple[SourceFile, FileFacts]]) -> dict[str, set[str]]:
    """The names each module defines or imports: what `module.name` strings may point at."""
    return {
        file.module: {d.name for d in facts.definitions}
        | {n for imp in facts.imports for n in imp.names}
        for file, facts in files
    }


def _module_tails(names: dict[str, set[str]]) -> dict[str, str]:
    """Each dotted tail of a module name (`basket.forms` for `shop.apps.basket.forms`) → the
    module, when exactly one module ends with it."""
    found: dict[str, str | None] = {}
    for module in names:
        parts = module.split(".")
        for start in range(1, len(parts) - 1):
            tail = ".".join(parts[start:])
            found[tail] = None if tail in found and found[tail] != module else module
    return {tail: module for tail, module in found.items() if module}


def _named_module(name: str, names: dict[str, set[str]]) -> str | None:
    """The module `name` is, or the module holding the class or function `name` points at.
    "notifications.email" (a preference key) is neither: notifications defines no `email`."""
    if name in names:
        return name
    module, _, attribute = name.rpartition(".")
    return module if attribute in names.get(module, ()) else None
