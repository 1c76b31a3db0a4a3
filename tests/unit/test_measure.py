"""The matrix, per-unit figures, cycles and breakers: on the example monolith and small trees."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from coupling.errors import ConfigError
from coupling.measure import measure
from coupling.records import Analysis, Role
from tests.support import EXAMPLE_SRC, NO_INPUTS, analyse, graph_of, settings_for, write_tree

UNITS = ["auth", "users", "billing", "reporting", "notifications", "utils"]
# The reference scenario's matrix (issue 2): rows import columns, cells count import statements.
REFERENCE = {
    "auth": [0, 3, 0, 0, 0, 12],
    "users": [5, 0, 2, 0, 1, 18],
    "billing": [3, 8, 0, 0, 4, 22],
    "reporting": [2, 6, 5, 0, 0, 31],
    "notifications": [1, 3, 2, 0, 0, 9],
    "utils": [0, 0, 0, 0, 0, 0],
}

# Code of its own: a unit that only imports is a shim, and shims are not ranked.
CODE = "\n\ndef work() -> int:\n    return 1\n"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    return analyse(EXAMPLE_SRC, tmp_path_factory.mktemp("out"))


def test_the_example_reproduces_the_reference_matrix(example: Analysis) -> None:
    cells = {(d.importer, d.imported): d.imports for d in example.imports.dependencies}
    for row, counts in REFERENCE.items():
        assert [cells.get((row, col), 0) for col in UNITS] == counts, row


def test_the_example_fan_in_fan_out_and_instability(example: Analysis) -> None:
    stats = {u.name: u for u in example.imports.units}
    assert {name: stats[name].fan_in for name in UNITS} == {
        "auth": 11,
        "users": 20,
        "billing": 9,
        "reporting": 0,
        "notifications": 5,
        "utils": 92,
    }
    assert stats["reporting"].fan_out == 44
    assert {
        name: round(stats[name].instability, 2) for name in ("auth", "users", "reporting", "utils")
    } == {
        "auth": 0.58,
        "users": 0.57,
        "reporting": 1.0,
        "utils": 0.0,
    }
    assert (stats["users"].ca, stats["users"].ce, stats["utils"].ca, stats["reporting"].ce) == (
        4,
        4,
        5,
        4,
    )


def test_the_example_cycles_and_where_they_close(example: Analysis) -> None:
    assert example.imports.groups == (("auth", "billing", "notifications", "users"),)
    cycles = {c.units: c for c in example.imports.cycles}
    auth_users = cycles["auth", "users"]
    assert auth_users.hops[0].via == ("auth.permissions",)
    assert ("billing", "users") in cycles
    assert cycles["billing", "users"].hops[0].via[0] == "billing.subscriptions"
    assert (
        "billing",
        "notifications",
        "users",
    ) in cycles  # users → billing → notifications → users
    assert example.imports.cycles_complete
    assert len(example.imports.cycles) == 10  # every elementary cycle of the reference matrix


def test_utils_is_detected_as_the_shared_kernel(example: Analysis) -> None:
    assert [(u.name, u.shared_kernel) for u in example.imports.units if u.shared_kernel] == [
        ("utils", "detected")
    ]


def test_levelised_order_puts_importers_first(example: Analysis) -> None:
    position = {name: i for i, name in enumerate(example.imports.order)}
    grouped = {unit for group in example.imports.groups for unit in group}
    for dep in example.imports.dependencies:
        if not {dep.importer, dep.imported} <= grouped:
            assert position[dep.importer] < position[dep.imported]
    assert (example.imports.order[0], example.imports.order[-1]) == ("reporting", "utils")


def test_the_nominated_breakers_leave_the_units_acyclic(example: Analysis) -> None:
    cut = {(e.file, e.line) for b in example.imports.breakers for e in b.sites}
    remaining: nx.DiGraph[str] = nx.DiGraph()
    for dep in example.imports.dependencies:
        if any((e.file, e.line) not in cut for e in dep.sites):
            remaining.add_edge(dep.importer, dep.imported)
    assert example.imports.breakers
    assert nx.is_directed_acyclic_graph(remaining)


def test_evidence_names_file_line_and_symbols(example: Analysis) -> None:
    dep = next(
        d for d in example.imports.dependencies if (d.importer, d.imported) == ("auth", "users")
    )
    assert dep.imports == 3
    assert all(e.file == "src/auth/permissions.py" and e.line > 0 and e.names for e in dep.sites)


def test_per_unit_figures_on_a_small_tree(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "core/__init__.py": "from abc import ABC\nclass Port(ABC): pass\nclass Impl: pass\n",
            "core/util.py": "from core import Port\nimport requests\n",
            "web/__init__.py": "from core import Port\nfrom core.util import x\nimport web.views\n",
            "web/views.py": "from web import y\nimport core, core.util\n",
            "lonely.py": "import json\n",
        },
    )
    analysis = analyse(root, tmp_path / "out")
    stats = {u.name: u for u in analysis.imports.units}
    core, web, lonely = stats["core"], stats["web"], stats["lonely"]
    assert (web.fan_out, web.ce, core.fan_in, core.ca) == (
        3,
        1,
        3,
        1,
    )  # `import core, core.util` counts once
    assert (core.abstractness, core.instability, core.distance) == (0.5, 0.0, 0.5)
    assert (web.internal_imports, web.cohesion) == (2, 0.4)
    assert core.third_party == ("requests",)
    assert (lonely.instability, lonely.cohesion, lonely.fan_in) == (0.0, None, 0)
    assert core.shared_kernel == ""  # one importer is not "shared"
    assert analysis.imports.statements == 9


def test_cycle_listing_stops_at_the_limits(tmp_path: Path) -> None:
    # Five units all importing each other: 84 elementary cycles.
    names = ["a", "b", "c", "d", "e"]
    root = write_tree(
        tmp_path / "src",
        {
            f"{n}/__init__.py": "".join(f"import {m}\n" for m in names if m != n) + CODE
            for n in names
        }
        | {"coupling.toml": "[rules.cycles]\nmax_listed = 12\nmax_length = 3\n"},
    )
    analysis = analyse(root, tmp_path / "out")
    assert analysis.imports.groups == (tuple(names),)
    assert len(analysis.imports.cycles) == 12
    assert [len(c.units) for c in analysis.imports.cycles] == [2] * 10 + [3] * 2
    assert not analysis.imports.cycles_complete


def test_shared_units_from_config_must_exist(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "a/__init__.py": "import b\n",
            "b/__init__.py": "",
            "coupling.toml": 'shared = ["b", "nope"]\n',
        },
    )
    settings = settings_for(root, tmp_path / "out")
    with pytest.raises(
        ConfigError, match="shared names unknown unit\\(s\\) nope; units here: a, b"
    ):
        measure(graph_of(settings), settings, NO_INPUTS)
    (root / "coupling.toml").write_text('shared = ["b"]\n')
    settings = settings_for(root, tmp_path / "out")
    stats = {u.name: u for u in measure(graph_of(settings), settings, NO_INPUTS).imports.units}
    assert stats["b"].shared_kernel == "configured"


def test_coverage_counts_parsers_and_failures(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "a/__init__.py": "import b\n",
            "a/new.py": "type X = int\n",
            "a/broken.py": "def (:\n",
            "b/__init__.py": "",
        },
    )
    coverage = analyse(root, tmp_path / "out").accounting
    # The new syntax is read by a newer Python when one is at hand ("auto"), else by libcst.
    fallback = coverage.parsed_libcst + len(coverage.newer)
    assert (coverage.files, coverage.parsed_ast, fallback) == (4, 2, 1)
    assert [(s.file, s.line) for s in coverage.skipped] == [("a/broken.py", 1)]


def test_depth_two_breakers_with_a_package_and_its_submodule_in_a_cycle(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "app/__init__.py": "from app.models import User\n" + CODE,
            "app/models.py": "import app\nclass User: pass\n",
        },
    )
    analysis = analyse(root, tmp_path / "out", depth=2)
    assert analysis.imports.groups == (("app", "app.models"),)
    assert [(b.importer_unit, b.imported_unit) for b in analysis.imports.breakers] in (
        [("app", "app.models")],
        [("app.models", "app")],
    )


def test_a_cycle_through_the_package_facade_is_no_cycle_between_units(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "shop/__init__.py": "from .cart import Cart\nVERSION = 1\n",
            "shop/cart.py": "from shop import VERSION\nclass Cart: pass\n",
            "shop/orders.py": "from shop import cart\nclass Order: pass\n",
        },
    )
    analysis = analyse(tmp_path / "shop", tmp_path / "out")
    assert (analysis.imports.groups, analysis.imports.breakers) == ((), ())
    assert analysis.imports.through_facade == (("__init__", "cart"),)
    roles = {u.name: u.role for u in analysis.imports.units}
    assert roles == {"__init__": Role.FACADE, "cart": Role.HUB, "orders": Role.LEAF}


def test_every_group_lists_cycles_even_after_a_big_one(tmp_path: Path) -> None:
    clique = ["a", "b", "c", "d", "e"]
    files = {
        f"{n}/__init__.py": "".join(f"import {m}\n" for m in clique if m != n) + CODE
        for n in clique
    }
    files |= {
        "y/__init__.py": "import z\n" + CODE,
        "z/__init__.py": "import y\n" + CODE,
        "coupling.toml": "[rules.cycles]\nmax_listed = 5\n",
    }
    analysis = analyse(write_tree(tmp_path / "src", files), tmp_path / "out")
    assert ("y", "z") in {c.units for c in analysis.imports.cycles}
    assert len([c for c in analysis.imports.cycles if set(c.units) <= set(clique)]) == 5


def test_a_group_whose_cycles_are_all_long_still_shows_its_shortest(tmp_path: Path) -> None:
    ring = [f"r{i}" for i in range(8)]
    files = {f"{n}/__init__.py": f"import {ring[(i + 1) % 8]}\n{CODE}" for i, n in enumerate(ring)}
    analysis = analyse(write_tree(tmp_path / "src", files), tmp_path / "out")
    assert [c.units for c in analysis.imports.cycles] == [tuple(ring)]
    assert not analysis.imports.cycles_complete


def test_a_large_layered_group_lists_cycles_deterministically(tmp_path: Path) -> None:
    # 105 units in 15 layers of 7: each imports the whole next layer, the last imports the first.
    layers = [[f"l{layer:02d}u{u}" for u in range(7)] for layer in range(15)]
    files = {
        f"{name}/__init__.py": "".join(f"import {m}\n" for m in layers[(layer + 1) % 15]) + CODE
        for layer, names in enumerate(layers)
        for name in names
    }
    root = write_tree(tmp_path / "src", files)
    first = analyse(root, tmp_path / "out")
    assert len(first.imports.groups) == 1 and len(first.imports.groups[0]) == 105
    assert 0 < len(first.imports.cycles) <= 50 and all(
        len(c.units) == 15 for c in first.imports.cycles
    )
    assert [c.units for c in analyse(root, tmp_path / "out2").imports.cycles] == [
        c.units for c in first.imports.cycles
    ]


def test_hops_say_whether_they_exist_at_import_time(example: Analysis) -> None:
    cycles = {c.units: c for c in example.imports.cycles}
    hops = {
        (h.importer, h.imported): h.at_import_time for c in example.imports.cycles for h in c.hops
    }
    assert hops["auth", "users"] is True  # auth.permissions imports users.models at module level
    assert hops["users", "notifications"] is False  # only inside a function
    assert cycles["auth", "users"].hops[0].at_import_time
