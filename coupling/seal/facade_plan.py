"""What the facade gains: a re-export line per name callers now take, and their __all__ entries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coupling.records import Reexport, Refusal, RefusalKind
from coupling.seal.facade import write_facade

if TYPE_CHECKING:
    from coupling.seal.facade import Facade
    from coupling.seal.verdicts import Verdicts


@dataclass(frozen=True)
class SealedFacade:
    after: str  # the facade's new text (its text as it was when nothing is new)
    reexports: list[Reexport]
    notes: list[Refusal]  # why __all__ was not created, when it was not


def seal_facade(
    facade: Facade,
    verdicts: Verdicts,
    *,
    routed: dict[str, str],
    taken_already: set[str],
    star_importers: list[tuple[str, int]],
) -> SealedFacade:
    """The facade with a re-export for every routed name, each listed in __all__.

    routed: names the seal now sends through the facade (→ a module callers named it in);
    taken_already: names other units already imported from it by name (listed too when the
    facade binds them, so __all__ is the API other units use); star_importers: (file, line) of
    each `from <facade> import *`.
    """
    layout = verdicts.layout
    new_lines: dict[str, tuple[str, str]] = {}
    for name, taken_from in sorted(routed.items()):
        module = verdicts.source_module(name, taken_from)
        if not verdicts.already_bound(module, name):
            new_lines[name] = (layout.relative_from_facade(module), module)
    listed = set(routed) | {
        n for n in taken_already if not n.startswith("_") and verdicts.facade_binds(n)
    }
    notes = _why_no_new_all(facade, star_importers) if facade.outer_all.kind == "none" else []
    if facade.outer_all.kind == "computed":
        listed = set()  # already refused for new names; names already bound need no entry
    lines = {(relative, name) for name, (relative, _) in new_lines.items()}
    after = write_facade(facade, lines, listed, create_all=not notes)
    reexports = [Reexport(n, m, f"from {r} import {n}") for n, (r, m) in sorted(new_lines.items())]
    return SealedFacade(after, reexports, notes)


def _why_no_new_all(facade: Facade, star_importers: list[tuple[str, int]]) -> list[Refusal]:
    """A new __all__ narrows `from facade import *` to the listed names: refuse it when a star
    import of the facade, or one inside it, would lose names."""
    module = facade.module
    if facade.bindings.star_lines:
        line = facade.bindings.star_lines[0]
        message = (
            f"the facade star-imports (line {line}) and has no __all__: creating one would hide the "
            f"star-imported names from `from {module} import *`; re-exports are added without __all__"
        )
        return [Refusal(facade.path, line, RefusalKind.STAR, message)]
    if star_importers:
        path, line = star_importers[0]
        message = (
            f"{path}:{line} star-imports the facade, which has no __all__: creating one would narrow "
            "what it gets; re-exports are added without __all__"
        )
        return [Refusal(facade.path, 1, RefusalKind.STAR, message)]
    return []
