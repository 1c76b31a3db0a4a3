"""Random small projects: sealing keeps which units each module imports, compiles, settles on
the first run, and every module still imports and resolves each name to the same object.

Module-level imports only point to modules earlier in a random order, so every generated
project imports; the property then demands that the sealed one imports too, module by module
in fresh interpreters' worth of sys.modules, with the very same objects behind every name.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.seal_support import plan_for, read_files, run_python, seal_existing, write_files
from tests.support import graph_of, settings_for

UNITS = ("alpha", "beta", "gamma")
DEEP = tuple(f"{u}.{m}" for u in UNITS for m in ("core", "extra"))
CALLERS = tuple(f"{u}.use" for u in UNITS)
POOL = ("Thing", "helper", "Value")
FORMS = ("from", "from_as", "import", "import_as", "from_module")
PLACES = ("module", "function", "type_checking")


@dataclass
class _Module:
    top: list[str] = field(default_factory=list)  # module-level statements
    body: list[str] = field(default_factory=list)  # statements after the imports
    checks: list[str] = field(default_factory=list)  # expressions check() returns


def _unit(module: str) -> str:
    return module.split(".", maxsplit=1)[0]


def _import(form: str, target: str, name: str, tag: int) -> tuple[str, str]:
    """The statement and the expression that reads the imported name through it."""
    unit, leaf = target.split(".")
    if form == "from":
        return f"from {target} import {name}", name
    if form == "from_as":
        return f"from {target} import {name} as {name}_{tag}", f"{name}_{tag}"
    if form == "import":
        return f"import {target}", f"{target}.{name}"
    if form == "import_as":
        return f"import {target} as al_{tag}", f"al_{tag}.{name}"
    return f"from {unit} import {leaf} as mod_{tag}", f"mod_{tag}.{name}"


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str]:
    order = draw(st.permutations(DEEP + CALLERS))
    rank = {module: index for index, module in enumerate(order)}
    defines = {
        m: draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=3, unique=True)) for m in DEEP
    }
    files = {f"{u}/__init__.py": f'"""The {u} unit."""\n' for u in UNITS}
    tag = 0
    for module in DEEP + CALLERS:
        parts = _Module()
        for name in defines.get(module, []):
            parts.body.append(f"def {name}() -> str:\n    return {module!r}\n")
        for _ in range(draw(st.integers(0, 3))):
            tag += 1
            target = draw(st.sampled_from([d for d in DEEP if _unit(d) != _unit(module)]))
            name = draw(st.sampled_from(defines[target]))
            form = draw(st.sampled_from(FORMS))
            place = draw(st.sampled_from(PLACES))
            if place == "module" and rank[target] >= rank[module]:
                place = "function"  # a module-level import may only point back: no cycles
            if place == "type_checking" and form not in ("from", "from_as"):
                place = "function"
            statement, expression = _import(form, target, name, tag)
            _place(parts, place, statement, expression, tag)
        files[module.replace(".", "/") + ".py"] = _render(parts)
    return files


def _place(parts: _Module, place: str, statement: str, expression: str, tag: int) -> None:
    if place == "module":
        parts.top.append(statement)
        parts.checks.append(expression)
    elif place == "function":
        parts.body.append(
            f"def check_{tag}() -> object:\n    {statement}\n    return {expression}\n"
        )
        parts.checks.append(f"check_{tag}()")
    else:
        parts.top.append(f"if TYPE_CHECKING:\n    {statement}")
        parts.body.append(f'def hint_{tag}(x: "{expression}") -> None:\n    pass\n')


def _render(parts: _Module) -> str:
    lines = ["from typing import TYPE_CHECKING", *parts.top, "", *parts.body]
    lines.append(f"def check() -> list[object]:\n    return [{', '.join(parts.checks)}]\n")
    return "\n".join(lines)


RUNNER = """\
import importlib, json, sys
found = {}
for name in %r:
    for loaded in [m for m in sys.modules if m.split(".")[0] in %r]:
        del sys.modules[loaded]  # each module imported as if first: order cannot hide a cycle
    module = importlib.import_module(name)
    found[name] = [(o.__module__, o.__qualname__) for o in module.check()]
print(json.dumps(found, sort_keys=True))
"""


def _resolve_everything(root: Path) -> str:
    result = run_python(root, RUNNER % (list(DEEP + CALLERS), list(UNITS)))
    assert result.returncode == 0, result.stderr
    return result.stdout


def _units_imported(root: Path) -> dict[str, set[str]]:
    """Module → the other units its import statements name, in coupling's own graph (a
    facade importing its own modules is the seal's doing, and no coupling)."""
    graph = graph_of(settings_for(root, root / ".out"))
    unit_of = {module.name: module.unit for module in graph.modules}
    found: dict[str, set[str]] = {module: set() for module in unit_of}
    for statement in graph.imports:
        units = {unit_of[target] for target in statement.targets}
        found[statement.importer].update(units - {unit_of[statement.importer]})
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=projects(), unit=st.sampled_from(UNITS))
def test_sealing_keeps_unit_imports_compiles_imports_and_settles(
    files: dict[str, str], unit: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_files(root, files)
        before = _resolve_everything(root)
        units_before = _units_imported(root)

        sealed = seal_existing(root, unit)

        after = read_files(root)
        assert _units_imported(root) == units_before
        for path, text in after.items():
            compile(text, path, "exec")
        assert _resolve_everything(root) == before
        assert json.loads(before)  # the runner really resolved the names
        again = plan_for(root, unit)
        assert again.changes == ()
        assert again.refusals == sealed.plan.refusals  # the same decisions, every run
