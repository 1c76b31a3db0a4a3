"""Import resolution: the same module edges grimp finds, plus what grimp leaves out."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import grimp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coupling.graph.imports import absolute_name as _absolute
from coupling.records import ModuleGraph
from tests.support import EXAMPLE_SRC, graph_of, settings_for, write_tree


def _edges(graph: ModuleGraph) -> set[tuple[str, str]]:
    return {(imp.importer, target) for imp in graph.imports for target in imp.targets}


def _grimp_edges(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    return {(m, t) for m in graph.modules for t in graph.find_modules_directly_imported_by(m)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "src",
        {
            "app/__init__.py": "from .core import helper\nfrom . import settings\n",
            "app/settings.py": "DEBUG = True\n",
            "app/core/__init__.py": "from ..settings import DEBUG\nfrom .. import missing_name\n",
            "app/core/engine.py": (
                "import app.core.helpers\nfrom app.core import engine_name\nimport os, requests\n"
                "from app.gone.deep import x\nfrom ... import too_far\nfrom yaml.loader import Loader\n"
            ),
            "app/core/helpers.py": "from .engine import run\nfrom . import *\n",
            "lib/__init__.py": "",
            "lib/text.py": "import app\nfrom app import settings as s\n",
        },
    )


def test_module_or_name_resolution(project: Path, tmp_path: Path) -> None:
    graph = graph_of(settings_for(project, tmp_path / "out"))
    by_line = {(imp.importer, imp.line): imp for imp in graph.imports}
    assert by_line["app", 1].targets == ("app.core",)  # `helper` is a name in app.core
    assert by_line["app", 2].targets == ("app.settings",)  # `settings` is a module
    assert by_line["app.core", 1].targets == ("app.settings",)
    assert by_line["app.core", 2].targets == ("app",)  # a name of the parent package
    assert by_line["app.core.engine", 1].targets == ("app.core.helpers",)
    assert by_line["app.core.engine", 2].targets == ("app.core",)
    assert by_line["app.core.helpers", 1].targets == ("app.core.engine",)
    assert by_line["app.core.helpers", 2].targets == ("app.core",)  # `from . import *`
    assert by_line["lib.text", 2].targets == ("app.settings",)


def test_third_party_is_named_and_the_standard_library_left_out(
    project: Path, tmp_path: Path
) -> None:
    graph = graph_of(settings_for(project, tmp_path / "out"))
    engine = {imp.line: imp for imp in graph.imports if imp.importer == "app.core.engine"}
    assert engine[3].external == ("requests",)
    assert engine[6].external == ("yaml",)
    assert engine[3].targets == ()


def test_unresolvable_imports_are_recorded_with_their_line(project: Path, tmp_path: Path) -> None:
    graph = graph_of(settings_for(project, tmp_path / "out"))
    found = {(u.file, u.line, u.name, u.reason) for u in graph.unresolved}
    assert found == {
        ("app/core/engine.py", 4, "app.gone.deep.x", "no such module in the scanned code"),
        ("app/core/engine.py", 5, "...too_far", "relative import above the top-level package"),
    }


def test_package_layout_keeps_the_rest_of_the_package_as_outside_context(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/settings.py": "",
            "shop/apps/__init__.py": "",
            "shop/apps/cart.py": "from shop import settings\nfrom shop.apps import orders\n",
            "shop/apps/orders.py": "from ..settings import X\n",
        },
    )
    graph = graph_of(settings_for(root / "shop" / "apps", tmp_path / "out"))
    cart = [imp for imp in graph.imports if imp.importer == "shop.apps.cart"]
    assert [(i.targets, i.outside) for i in cart] == [
        ((), ("shop.settings",)),
        (("shop.apps.orders",), ()),
    ]
    orders = next(imp for imp in graph.imports if imp.importer == "shop.apps.orders")
    assert orders.outside == ("shop.settings",)


def test_orphan_folders_inside_a_package_are_scanned_as_namespace_packages(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src", {"pkg/__init__.py": "", "pkg/tests/test_a.py": "import pkg\n"}
    )
    graph = graph_of(settings_for(root, tmp_path / "out"))
    assert {m.name: m.file for m in graph.modules} == {
        "pkg": "pkg/__init__.py",
        "pkg.tests": "",
        "pkg.tests.test_a": "pkg/tests/test_a.py",
    }
    assert _edges(graph) == {("pkg.tests.test_a", "pkg")}


def test_the_example_has_exactly_grimps_module_edges(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    units = sorted(p.name for p in EXAMPLE_SRC.iterdir() if (p / "__init__.py").is_file())
    assert all(unit not in sys.modules for unit in units)
    monkeypatch.syspath_prepend(str(EXAMPLE_SRC))
    expected = grimp.build_graph(*units, cache_dir=None)
    ours = graph_of(settings_for(EXAMPLE_SRC, tmp_path / "out"))
    assert {m.name for m in ours.modules} == set(expected.modules)
    assert _edges(ours) == _grimp_edges(expected)
    assert len(_edges(ours)) > 150


@pytest.mark.parametrize("package", ["click", "rich", "networkx", "libcst"])
def test_real_packages_have_grimps_module_edges(package: str, tmp_path: Path) -> None:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations
    # A copy: the installed one lives in .venv, which git ignores inside this repository.
    copy = Path(shutil.copytree(spec.submodule_search_locations[0], tmp_path / "code" / package))
    ours = graph_of(settings_for(copy, tmp_path / "out"))
    expected = grimp.build_graph(package, cache_dir=None)
    known = set(expected.modules)
    extra = {m.name for m in ours.modules} - known
    # The only modules grimp does not know are folders without __init__.py inside the package
    # (DESIGN §2 scans them) and their contents.
    namespaces = {m.name for m in ours.modules if m.file == ""}
    assert all(any(name == ns or name.startswith(ns + ".") for ns in namespaces) for name in extra)
    assert known <= {m.name for m in ours.modules}
    assert {e for e in _edges(ours) if e[0] in known and e[1] in known} == _grimp_edges(expected)


_names = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=4)


@given(
    importer=_names,
    is_package=st.booleans(),
    level=st.integers(1, 5),
    rest=st.sampled_from(["", "x", "x.y"]),
)
def test_relative_imports_resolve_as_python_does(
    importer: list[str], is_package: bool, level: int, rest: str
) -> None:
    module = ".".join(importer)
    package = module if is_package else module.rpartition(".")[0]
    name = "." * level + rest
    expected: str | None
    try:
        # resolve_name needs a name after the dots; add one and take it off again.
        resolved = importlib.util.resolve_name(name if rest else name + "z", package)
        expected = resolved if rest else resolved.rpartition(".")[0]
    except (ImportError, ValueError):
        expected = None
    assert _absolute(name, module, is_package) == (expected or None)


def test_python2_stdlib_first_party_and_implicit_relative_imports(tmp_path: Path) -> None:
    src = write_tree(
        tmp_path / "src",
        {
            "app/__init__.py": "",
            "app/web/__init__.py": (
                "import cPickle, StringIO, urllib2, __main__\nimport tools, scripts\n"
                # removed from Python 3 in 3.10 and 3.13: stdlib whichever Python scans
                "import parser, symbol, formatter, asyncore, telnetlib, _subprocess\n"
                "from _typeshed import StrPath\n"
                "import redis\nfrom redis import Redis\nimport requests\nimport json\n"
            ),
            # In a package, Python 3 reads `import redis` as absolute: the client, not this
            # backend module beside it.
            "app/web/redis.py": "import redis\n",
            "app/web/json.py": "",  # Python 3 reads `import json` as the standard library
            # A folder of scripts (no __init__.py): each runs with its folder on sys.path.
            "app/tools/run.py": "import helpers\nfrom helpers import x\nfrom sibling.deep import y\n",
            "app/tools/helpers.py": "x = 1\n",
            "app/tools/sibling/__init__.py": "",
            "app/tools/sibling/deep.py": "y = 1\n",
            "tools/__init__.py": "",
            "scripts.py": "",
        },
    )
    graph = graph_of(settings_for(src / "app", tmp_path / "out"))
    assert graph.project.first_party == ("scripts", "tools")
    external = {name for imp in graph.imports for name in imp.external}
    assert external == {"redis", "requests"}
    targets = {target for imp in graph.imports for target in imp.targets}
    assert {"app.tools.helpers", "app.tools.sibling.deep"} <= targets
    assert "app.web.json" not in targets
    assert "app.web.redis" not in targets


def test_a_namespace_package_scanned_imports_its_parts_by_its_name(tmp_path: Path) -> None:
    """PEP 420: PATH without __init__.py, its code importing `pkg.b`: that is unit b."""
    src = write_tree(
        tmp_path / "src",
        {
            "pkg/a/__init__.py": "from pkg.b import x\nimport pkg.b.deep\n",
            "pkg/b/__init__.py": "x = 1\n",
            "pkg/b/deep.py": "",
        },
    )
    graph = graph_of(settings_for(src / "pkg", tmp_path / "out"))
    assert {name for imp in graph.imports for name in imp.external} == set()
    assert {target for imp in graph.imports for target in imp.targets} == {"b", "b.deep"}
