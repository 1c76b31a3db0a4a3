"""Would a seal close an import cycle at load time?

A seal adds two kinds of import that run when a module loads: the facade's re-export of a
module M (`from .models import Invoice`), and, for a named facade (`billing.api`), each caller
that imported a deep module at module level now importing the facade. Every other import it
writes names a module of the unit that the caller's statement already loaded.

Walks never enter the unit from outside it: the imports of other modules into the unit are the
ones a seal rewrites, so following them would make a second run decide differently from the
first. Nothing is lost by it: a module outside the unit that imports the unit at load time is
itself where a re-export's cycle closes (a goal), and the walk stops there.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from coupling.seal.names import is_within, prefixes

if TYPE_CHECKING:
    from coupling.seal.names import Layout

# module → the modules it imports when it loads (TYPE_CHECKING blocks and function bodies
# left out; class bodies, try and with blocks kept: they run).
ImportGraph = Mapping[str, Collection[str]]


class CycleCheck:
    """The import-time walks of one seal, over a graph that does not change during it."""

    def __init__(self, graph: ImportGraph, layout: Layout) -> None:
        self.graph = graph
        self.layout = layout
        # Modules outside the unit that load the unit when they load: a re-export whose module
        # leads back to one of them closes a cycle through the facade.
        self.loaders = frozenset(
            module
            for module, targets in graph.items()
            if not layout.is_inside_unit(module) and any(layout.is_inside_unit(t) for t in targets)
        )

    def reexport_cycle(self, module: str) -> list[str] | None:
        """The chain of load-time imports from `module` back to a module that loads the unit,
        when the facade would newly import `module`; None when there is none, or the facade
        already imports it (nothing new runs)."""
        if self._facade_reaches(module):
            return None
        return self._path(prefixes(module), lambda m: m in self.loaders)

    def caller_cycle(self, caller: str) -> list[str] | None:
        """For a named facade: the chain from the facade back to `caller`, which would import
        the facade at load time once sealed. A unit's own __init__ runs whenever any of its
        modules loads, so importing it instead of one of them adds nothing."""
        if self.layout.facade == self.layout.unit:
            return None
        path = self._path(self._after(self.layout.facade), lambda m: m == caller)
        return None if path is None else [self.layout.facade, *path]

    def _facade_reaches(self, module: str) -> bool:
        facade = self.layout.facade
        return self._path(self._after(facade), lambda m: m == module) is not None

    def _running(self, module: str) -> bool:
        """The facade and the packages above it: when the facade runs they are mid-import
        already, so a path through them is a cycle that exists with or without the seal."""
        return is_within(self.layout.facade, module)

    def _after(self, module: str) -> Iterable[str]:
        """Modules whose top level runs when `module` runs: its imports and their parent
        packages (importing a.b.c runs a and a.b first). The target comes first, so that a
        reported chain names the module actually imported."""
        inside = self.layout.is_inside_unit(module)
        for target in sorted(self.graph.get(module, ())):
            parents = prefixes(target.rpartition(".")[0]) if "." in target else ()
            for step in (target, *parents):
                if inside or not self.layout.is_inside_unit(step):
                    yield step

    def _path(self, start: Iterable[str], is_goal: Callable[[str], bool]) -> list[str] | None:
        """The shortest chain of load-time imports from one of `start` to a goal, breadth first."""
        first = [m for m in start if not self._running(m)]
        came_from: dict[str, str | None] = dict.fromkeys(first)
        queue = deque(first)
        while queue:
            module = queue.popleft()
            if is_goal(module):
                return _walk_back(came_from, module)
            for target in self._after(module):
                if target not in came_from and not self._running(target):
                    came_from[target] = module
                    queue.append(target)
        return None


def _walk_back(came_from: Mapping[str, str | None], end: str) -> list[str]:
    path = [end]
    step = came_from[end]
    while step is not None:
        path.append(step)
        step = came_from[step]
    return path[::-1]
