"""Whether the facade can serve a name to a caller: privacy, clashes, __all__, cycles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from coupling.records import RefusalKind
from coupling.seal.cycles import CycleCheck
from coupling.seal.facade import block_binds
from coupling.seal.names import absolute_from, dots_of

if TYPE_CHECKING:
    from coupling.seal.bindings import Origins
    from coupling.seal.callers import Caller, Demand, Problem
    from coupling.seal.cycles import ImportGraph
    from coupling.seal.facade import Facade
    from coupling.seal.names import Layout


def _without_generated_imports(
    graph: ImportGraph, facade: Facade | None, layout: Layout
) -> ImportGraph:
    """The graph without the facade's edges that only its generated block makes.

    The cycle check lets a re-export through when the facade already imports the module; a
    block line from an earlier seal must not count as that, or a name refused for one unit
    in the first run would pass in the second (each run must decide the same way).
    """
    if facade is None or facade.block is None:
        return graph
    is_package = facade.module in layout.packages
    generated: set[str] = set()
    for written, _ in facade.block.imports:
        source = absolute_from(facade.module, is_package, *dots_of(written))
        if source is not None:
            generated.add(source)
    generated -= facade.bindings.imported
    trimmed = dict(graph)
    trimmed[facade.module] = frozenset(set(graph.get(facade.module, ())) - generated)
    return trimmed


def private_problem(module: str, name: str) -> Problem | None:
    if name.startswith("_"):
        return (
            RefusalKind.PRIVATE,
            f"{name} is private to {module} (leading underscore); the facade will not publish it",
        )
    return None


def structural_verdict(caller: Caller, module: str, name: str) -> Problem | None:
    """The verdict used to learn what callers would take, before the facade is consulted."""
    return private_problem(module, name)


class Verdicts:
    """Verdicts over the whole request: every name any caller would take (`wanted`) is known."""

    def __init__(
        self,
        *,
        layout: Layout,
        facade: Facade | None,
        facade_problem: Problem | None,
        origins: Origins,
        graph: ImportGraph,
        wanted: Iterable[Demand],
        patched: Mapping[tuple[str, str], tuple[str, int]],
    ) -> None:
        self.layout = layout
        self.patched = patched  # (module, name) → the file and line of a string naming it
        self.facade = facade
        self.facade_problem = facade_problem
        self.origins = origins
        self.cycles = CycleCheck(_without_generated_imports(graph, facade, layout), layout)
        self.modules_by_name: dict[str, set[str]] = defaultdict(set)
        for _, module, name in wanted:
            self.modules_by_name[name].add(module)
        self._reexport_cycles: dict[str, list[str] | None] = {}
        self._caller_cycles: dict[str, list[str] | None] = {}

    def __call__(self, caller: Caller, module: str, name: str) -> Problem | None:
        problem = (
            private_problem(module, name)
            or self.facade_problem
            or self._patched(caller, module, name)
        )
        if problem is not None:
            return problem
        if self.already_bound(module, name):
            if self._binds_outside_block(name):
                # The facade's own code imports it: nothing new runs or clashes.
                return self._caller_cycle(caller)
            # Bound by an earlier seal's block: still checked, so each run decides the same.
            return self._reexport_cycle(module, name) or self._caller_cycle(caller)
        return (
            self._clash(module, name)
            or self._computed_all(name)
            or self._reexport_cycle(module, name)
            or self._caller_cycle(caller)
        )

    def source_module(self, name: str, default: str) -> str:
        """The module the facade's re-export line takes `name` from (one per name); `default`
        when no caller takes the name on its own (its use is refused for another reason)."""
        modules = sorted(self.modules_by_name.get(name, ()))
        if not modules:
            return default
        origin_module = self.origins.origin(modules[0], name)[0]
        # When every caller takes the same object, import it from where it is defined if the
        # facade can name that module; else from the first module callers name.
        if origin_module in modules or self.layout.is_behind_facade(origin_module):
            return origin_module
        return modules[0]

    def already_bound(self, module: str, name: str) -> bool:
        """The facade binds `name` to the same object `module.name` is."""
        bound = self._facade_binding(name)
        return bound is not None and bound == self.origins.origin(module, name)

    def _binds_outside_block(self, name: str) -> bool:
        return self.facade is not None and name in self.facade.bindings.names

    def facade_binds(self, name: str) -> bool:
        return self._facade_binding(name) is not None

    def _facade_binding(self, name: str) -> tuple[str, str] | None:
        if self.facade is None:
            return None
        if name in self.facade.bindings.names:
            return self.origins.origin(self.facade.module, name)
        written = block_binds(self.facade).get(name)
        if written is None:
            return None
        is_package = self.facade.module in self.layout.packages
        source = absolute_from(self.facade.module, is_package, *dots_of(written))
        return self.origins.origin(source, name) if source is not None else None

    def _clash(self, module: str, name: str) -> Problem | None:
        facade = self.layout.facade
        if self._facade_binding(name) is not None:
            outside = self.facade.bindings.names.get(name) if self.facade is not None else None
            where = f" (line {outside.line})" if outside else " (in its generated block)"
            return (
                RefusalKind.CLASH,
                f"the facade {facade} already binds {name}{where} to something other than {module}.{name}",
            )
        if name in self.layout.submodule_names_of_facade():
            return (
                RefusalKind.CLASH,
                f"{name} is also a submodule of {facade}; a re-export would be replaced when "
                f"{facade}.{name} is imported",
            )
        origins = {self.origins.origin(m, name) for m in self.modules_by_name.get(name, ())}
        if len(origins) > 1:
            modules = ", ".join(sorted(self.modules_by_name[name]))
            return (
                RefusalKind.CLASH,
                f"two modules behind the facade export different objects named {name} ({modules}); "
                "the facade can re-export only one",
            )
        return None

    def _computed_all(self, name: str) -> Problem | None:
        if self.facade is None or self.facade.outer_all.kind != "computed":
            return None
        return (
            RefusalKind.COMPUTED_ALL,
            f"the facade {self.layout.facade} computes __all__ (line {self.facade.outer_all.line}); "
            f"the seal only merges into a literal list or tuple, so {name} is not added",
        )

    def _patched(self, caller: Caller, module: str, name: str) -> Problem | None:
        """A lookup of module.name each time a function runs, which a string elsewhere (a
        mock.patch target) names: through the facade it would no longer see that patch."""
        where = self.patched.get((module, name))
        if where is None or not caller.when_called:
            return None
        return (
            RefusalKind.STRING,
            f"{where[0]}:{where[1]} names {module}.{name} in a string (a mock.patch target?); "
            "this lookup runs when called and would no longer see a patch there through the "
            "facade, so it stays",
        )

    def _reexport_cycle(self, module: str, name: str) -> Problem | None:
        source = self.source_module(name, module)
        if source not in self._reexport_cycles:
            self._reexport_cycles[source] = self.cycles.reexport_cycle(source)
        path = self._reexport_cycles[source]
        if path is None:
            return None
        return (
            RefusalKind.CYCLE,
            f"re-exporting {name} makes the facade {self.layout.facade} import {source}, which "
            f"leads back at module level to {path[-1]}, a module that imports "
            f"{self.layout.unit} when it loads ({' → '.join(path)}): a new import cycle",
        )

    def _caller_cycle(self, caller: Caller) -> Problem | None:
        if not caller.eager:
            return None  # a function's import runs when called, a TYPE_CHECKING one never
        if caller.module not in self._caller_cycles:
            self._caller_cycles[caller.module] = self.cycles.caller_cycle(caller.module)
        path = self._caller_cycles[caller.module]
        if path is None:
            return None
        return (
            RefusalKind.CYCLE,
            f"importing the facade {self.layout.facade} at module level here would close a new "
            f"import cycle: the facade leads back to this module when it loads ({' → '.join(path)})",
        )
