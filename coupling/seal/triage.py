"""A fast ast pass over each caller: does it reach the unit at all, and which strings name it?

libcst with scope metadata costs seconds on a large file; ast costs a few hundredths. Only the
files this pass says reach the unit get the libcst pass that can rewrite them.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from coupling.records import Refusal, RefusalKind
from coupling.seal.names import absolute_from, is_within

if TYPE_CHECKING:
    from coupling.seal.names import Layout

# A string that looks like a dotted path, optionally with an entry-point style ":attr".
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+(:[\w.]+)?")


class Reach(Enum):
    """How a file reaches the unit, which decides how much analysis it needs."""

    NONE = "none"
    NAMES = "names"  # only `from <module in the unit> import name`: no scopes needed
    MODULES = "modules"  # binds a module object that leads into the unit: uses must be followed


def reach_of(tree: ast.Module, module: str, is_package: bool, layout: Layout) -> Reach:
    """Whether imports in the file name the unit, and whether some name bound to a module is
    followed behind the facade (`billing.models.X`, `bm.X`), which needs the costly scope pass."""
    bound: dict[str, str] = {}  # name → the module in or above the unit it is bound to
    reach = Reach.NONE
    for node in ast.walk(tree):
        for name, refers, loads in _imported(node, module, is_package):
            if is_within(loads, layout.unit) or is_within(refers, layout.unit):
                reach = Reach.NAMES
            binds_module = isinstance(node, ast.Import) or refers in layout.modules
            if not binds_module:
                continue
            if layout.is_behind_facade(refers) or layout.is_behind_facade(loads):
                return (
                    Reach.MODULES
                )  # `import billing.models [as bm]`, `from billing import models`
            if is_within(refers, layout.unit) or is_within(layout.unit, refers):
                bound[name] = refers
    if bound and _follows_behind_facade(tree, bound, layout):
        return Reach.MODULES
    return reach


def import_lines(tree: ast.Module) -> list[int]:
    """The line of every import statement, in source order."""
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    return [n.lineno for n in sorted(found, key=lambda n: (n.lineno, n.col_offset))]


def _imported(node: ast.AST, module: str, is_package: bool) -> list[tuple[str, str, str]]:
    """(bound name, module it refers to, module the statement loads) for each imported name."""
    if isinstance(node, ast.Import):
        found = []
        for alias in node.names:
            # `import a.b.c` binds a (refers to a) but loads a.b.c; `as x` binds x to a.b.c.
            refers = alias.name if alias.asname else alias.name.split(".")[0]
            found.append((alias.asname or refers, refers, alias.name))
        return found
    if isinstance(node, ast.ImportFrom):
        base = absolute_from(module, is_package, node.level, node.module)
        if base is None:
            return []
        return [(a.asname or a.name, f"{base}.{a.name}", base) for a in node.names]
    return []


def _follows_behind_facade(tree: ast.Module, bound: dict[str, str], layout: Layout) -> bool:
    """Whether an attribute chain from a bound name reaches a module behind the facade, or a
    name in a package on the way to it (both need reporting or rewriting)."""
    for node in ast.walk(tree):
        dotted = _dotted(node) if isinstance(node, ast.Attribute) else None
        if dotted is None:
            continue
        root, _, rest = dotted.partition(".")
        refers = bound.get(root)
        if refers is None:
            continue
        full = f"{refers}.{rest}"
        reached = layout.longest_module(full)
        if reached is None:
            continue
        if layout.is_behind_facade(reached) or (
            layout.is_on_way_to_facade(reached) and reached != full
        ):
            return True
    return False


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


@dataclass(frozen=True)
class Named:
    """A string naming a module behind the facade (`"billing.models.Invoice"`)."""

    line: int
    refusal: Refusal
    target: tuple[str, str] | None  # (module, name) when it names one name of it: a patch target


def named_in_strings(tree: ast.Module, path: str, layout: Layout) -> list[Named]:
    """Strings that name a module behind the facade: reported, never rewritten. Rewriting a
    mock.patch target would also move what it patches for the unit's own code, and a setting
    or an entry point is read by code the seal does not see."""
    found: list[Named] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if not _DOTTED.fullmatch(node.value):
            continue
        dotted = node.value.split(":", 1)[0]
        named = layout.longest_module(dotted)
        if named is None or not layout.is_behind_facade(named):
            continue
        message = (
            f'the string "{node.value}" names {named}, behind the facade; strings are '
            "not rewritten (check mock.patch targets, settings and lazy imports by hand)"
        )
        rest = dotted[len(named) + 1 :]
        target = (named, rest) if rest and "." not in rest and ":" not in node.value else None
        refusal = Refusal(path, node.lineno, RefusalKind.STRING, message)
        found.append(Named(node.lineno, refusal, target))
    return found
