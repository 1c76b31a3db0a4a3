"""Which unit a test exercises, complexity per unit, and tests kept out of the coupling."""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_rank

from coupling.measure.quality import rank_of
from coupling.records import Analysis
from tests.support import analyse, write_tree

BRANCHY = (
    "def decide(n):\n"
    + "".join(f"    if n == {i}:\n        return {i}\n" for i in range(12))
    + "    return -1\n"
)


def _project(tmp_path: Path) -> Analysis:
    root = write_tree(
        tmp_path,
        {
            "src/billing/__init__.py": BRANCHY + "def simple():\n    return 1\n",
            "src/billing/tests/test_inside.py": "from users import helper\nfrom billing import simple\n",
            "src/users/__init__.py": "import utils\ndef helper():\n    return utils.x\n",
            "src/orders/__init__.py": "import utils\nimport users\ndef run():\n    return 1\n",
            "src/utils/__init__.py": "x = 1\n",
            "src/lonely/__init__.py": "import utils\ndef alone():\n    return 1\n",
            "tests/users/test_helper.py": "from users import helper\n\ndef test_helper():\n    assert helper()\n",
            "tests/test_orders_flow.py": "import orders\nimport utils\n",
            "tests/test_misc.py": "import users\nimport utils\n",
            "tests/test_kernel_only.py": "import utils\n",
            "coupling.toml": "",
        },
    )
    return analyse(root / "src", tmp_path / "out", cwd=root)


def test_tests_count_for_the_unit_their_path_names_else_what_they_import(tmp_path: Path) -> None:
    quality = {q.unit: q for q in _project(tmp_path).code.units}
    assert {unit: q.test_files for unit, q in quality.items()} == {
        "billing": 1,  # src/billing/tests/test_inside.py: a test inside the unit
        "lonely": 0,
        "orders": 1,  # tests/test_orders_flow.py names orders
        "users": 2,  # tests/users/…, and test_misc.py imports users (utils, a kernel, is left out)
        "utils": 1,  # test_kernel_only.py imports nothing else
    }
    assert quality["users"].test_lines == 5


def test_tests_inside_path_do_not_couple_units(tmp_path: Path) -> None:
    analysis = _project(tmp_path)
    assert ("billing", "users") not in {
        (d.importer, d.imported) for d in analysis.imports.dependencies
    }
    billing = next(u for u in analysis.imports.units if u.name == "billing")
    assert billing.modules == 1


def test_complexity_ranks_and_untested_without_coverage(tmp_path: Path) -> None:
    analysis = _project(tmp_path)
    billing = next(q for q in analysis.code.units if q.unit == "billing")
    assert (billing.functions, billing.ranks, billing.max_complexity) == (2, (1, 0, 1, 0, 0, 0), 13)
    assert [(f.name, f.rank, f.tested) for f in analysis.code.untested] == [("decide", "C", False)]
    assert analysis.code.hotspots[0].name == "decide"
    helper = next(f for f in analysis.code.hotspots if f.name == "helper")
    assert helper.tested is True


def test_ranks_are_radons() -> None:
    """radon's `cc_rank` is the oracle of the A-F ranks, up past the last boundary."""
    assert [rank_of(n) for n in range(200)] == [cc_rank(n) for n in range(200)]
