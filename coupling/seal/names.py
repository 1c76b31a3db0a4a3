"""Dotted module names: where a module sits relative to the sealed unit and its facade."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coupling.graph.imports import absolute_name


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def prefixes(dotted: str) -> Iterable[str]:
    """a.b.c → a, a.b, a.b.c."""
    parts = dotted.split(".")
    for end in range(1, len(parts) + 1):
        yield ".".join(parts[:end])


def absolute_from(
    caller: str, caller_is_package: bool, level: int, module: str | None
) -> str | None:
    """The absolute module a `from ... import` names; None when its dots climb above the top."""
    if level == 0:
        return module
    return absolute_name("." * level + (module or ""), caller, caller_is_package)


def dots_of(written: str) -> tuple[int, str | None]:
    """`..core.models` → (2, "core.models"); `.` → (1, None)."""
    level = len(written) - len(written.lstrip("."))
    return level, written[level:] or None


@dataclass(frozen=True)
class Layout:
    """The unit being sealed, its facade, and every module the project has."""

    unit: str  # the unit's module, dotted (with the scanned package's name in front)
    facade: str  # the module every other unit should import the unit through
    modules: frozenset[str]
    packages: frozenset[str]  # modules that are packages (an __init__.py)
    # Modules the reports count as the unit's public face besides the facade (its __init__
    # and rules' facade_modules): importing them is not reaching past the facade.
    public: frozenset[str] = frozenset()

    def is_inside_unit(self, module: str) -> bool:
        return is_within(module, self.unit)

    def is_behind_facade(self, module: str) -> bool:
        """A module other units must not name: in the unit, neither the facade nor a package on
        the way to it, nor a module the reports count as public."""
        return (
            self.is_inside_unit(module)
            and not is_within(self.facade, module)
            and module not in self.public
        )

    def is_on_way_to_facade(self, module: str) -> bool:
        """A package between the unit and a named facade (billing.sub for billing.sub.api) that
        the reports do not count as public."""
        return (
            self.is_inside_unit(module)
            and module != self.facade
            and is_within(self.facade, module)
            and module not in self.public
        )

    def longest_module(self, dotted: str) -> str | None:
        """The longest prefix of a dotted path that is a known module (billing.models.X →
        billing.models)."""
        for candidate in reversed(list(prefixes(dotted))):
            if candidate in self.modules:
                return candidate
        return None

    def facade_path_from(self, bound: str) -> tuple[str, ...] | None:
        """The attributes that lead from a name bound to module `bound` to the facade."""
        if self.facade == bound:
            return ()
        if self.facade.startswith(bound + "."):
            return tuple(self.facade[len(bound) + 1 :].split("."))
        return None

    def facade_package(self) -> str:
        """The package a relative import in the facade is anchored to."""
        if self.facade in self.packages:
            return self.facade
        return self.facade.rpartition(".")[0]

    def relative_from_facade(self, module: str) -> str:
        """`module` as the facade names it in a relative import (.models, ..core.models)."""
        anchor = self.facade_package().split(".")
        target = module.split(".")
        common = 0
        while common < min(len(anchor), len(target)) and anchor[common] == target[common]:
            common += 1
        return "." * (len(anchor) - common + 1) + ".".join(target[common:])

    def relative_to(
        self, module: str, caller: str, caller_is_package: bool, level: int
    ) -> str | None:
        """`module` written with `level` dots from `caller`; None when the dots cannot reach it."""
        anchor = absolute_from(caller, caller_is_package, level, None)
        if anchor is None or not module.startswith(anchor + "."):
            return None
        return "." * level + module[len(anchor) + 1 :]

    def submodule_names_of_facade(self) -> frozenset[str]:
        """Names the import system binds on the facade package when its submodules load."""
        if self.facade not in self.packages:
            return frozenset()
        prefix = self.facade + "."
        return frozenset(
            m[len(prefix) :].split(".")[0] for m in self.modules if m.startswith(prefix)
        )
