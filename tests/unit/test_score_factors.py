"""Each factor moves the score the way its reason in rules/scoring.toml says, on small trees
that differ in that one respect."""

from __future__ import annotations

from pathlib import Path

from coupling.config import Flags, load_settings
from coupling.pipeline import evaluate
from coupling.records import Assessment, Candidate
from tests.support import analyse, assessment_of, write_tree

CODE = "".join(f"def work_{i}(x):\n    return x + {i}\n" for i in range(12))


def _scored(root: Path, out: Path) -> dict[str, Candidate]:
    assessment: Assessment = assessment_of(analyse(root, out))
    return {c.unit: c for c in (*assessment.candidates, *assessment.kernels)}


def _value(candidate: Candidate, factor: str) -> float:
    value = next(f.value for f in candidate.factors if f.name == factor)
    assert value is not None, f"{factor} not assessed for {candidate.unit}"
    return value


def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, Candidate]:
    """Six plain units plus `files`: the yardsticks (medians) stay those of a small project."""
    plain = {f"p{i}/__init__.py": CODE for i in range(6)}
    return _scored(write_tree(tmp_path / "src", plain | files), tmp_path / "out")


def test_inbound_more_importers_score_lower(tmp_path: Path) -> None:
    scored = _tree(
        tmp_path,
        {
            "alone/__init__.py": CODE,
            "wanted/__init__.py": CODE,
            **{f"p{i}/user.py": "import wanted\n" for i in range(3)},
        },
    )
    assert _value(scored["wanted"], "inbound") < _value(scored["alone"], "inbound")
    assert scored["wanted"].service_score < scored["alone"].service_score


def test_seam_own_third_party_packages_score_higher(tmp_path: Path) -> None:
    scored = _tree(
        tmp_path,
        {
            "plain/__init__.py": CODE,
            "cache/__init__.py": "import redis\nimport pymemcache\n" + CODE,
            "shared/__init__.py": "import requests\n" + CODE,
            "p0/net.py": "import requests\n",  # requests is not shared's own
        },
    )
    assert _value(scored["cache"], "seam") == 2 / 3
    assert _value(scored["shared"], "seam") == _value(scored["plain"], "seam") == 0
    assert scored["cache"].service_score > scored["plain"].service_score


def test_acyclicity_cycles_cost_more_the_more_of_the_project_they_hold(tmp_path: Path) -> None:
    scored = _tree(
        tmp_path,
        {
            # a ↔ b at import time; c ↔ d only through an import inside a function
            "a/__init__.py": "import b\n" + CODE,
            "b/__init__.py": "import a\n" + CODE,
            "c/__init__.py": "def f():\n    import d\n" + CODE,
            "d/__init__.py": "import c\n" + CODE,
            # big: three units in one import-time cycle
            "x/__init__.py": "import y\n" + CODE,
            "y/__init__.py": "import z\n" + CODE,
            "z/__init__.py": "import x\n" + CODE,
            "free/__init__.py": CODE,
        },
    )
    value = {unit: _value(scored[unit], "acyclicity") for unit in ("free", "a", "c", "x")}
    assert value["free"] == 1.0
    assert value["c"] > value["a"] > value["x"]  # lazy above import time; a pair above three
    assert all(c.cap == "" for c in scored.values())  # no cap: the scale does not saturate


def test_boundary_imports_past_the_facade_score_lower(tmp_path: Path) -> None:
    scored = _tree(
        tmp_path,
        {
            "tidy/__init__.py": "from .core import work_0\n",
            "tidy/core.py": CODE,
            "leaky/__init__.py": "",
            "leaky/core.py": CODE,
            "leaky/more.py": CODE,
            "p0/use.py": "from tidy import work_0\nfrom leaky.core import work_0 as w\nfrom leaky.more import work_1\n",
        },
    )
    assert _value(scored["leaky"], "boundary") < _value(scored["tidy"], "boundary")


def test_data_foreign_keys_into_its_tables_score_lower(tmp_path: Path) -> None:
    model = "from django.db import models\nclass {name}(models.Model):\n    pass\n"
    scored = _tree(
        tmp_path,
        {
            "owned/__init__.py": "",
            "owned/models.py": model.format(name="Owned"),
            "alone/__init__.py": "",
            "alone/models.py": model.format(name="Alone"),
            "other/__init__.py": "",
            "other/models.py": (
                "from django.db import models\nclass Other(models.Model):\n"
                "    owned = models.ForeignKey('owned.Owned', on_delete=models.CASCADE)\n"
                "    owned_too = models.ForeignKey('owned.Owned', on_delete=models.CASCADE)\n"
            ),
        },
    )
    assert _value(scored["owned"], "data") < _value(scored["alone"], "data")


def test_size_too_small_to_be_worth_it_scores_lower(tmp_path: Path) -> None:
    scored = _tree(tmp_path, {"tiny/__init__.py": "X = 1\n", "normal/__init__.py": CODE})
    assert _value(scored["tiny"], "size") < _value(scored["normal"], "size")


def test_size_far_above_the_typical_unit_scores_lower(tmp_path: Path) -> None:
    scored = _tree(tmp_path, {"huge/__init__.py": CODE * 12, "normal/__init__.py": CODE})
    assert _value(scored["huge"], "size") < _value(scored["normal"], "size")


def test_an_added_import_of_many_lines_never_raises_the_score(tmp_path: Path) -> None:
    # Size counts code without import statements: wiring in more is never more worth.
    wired = "from p0 import (\n    work_0,\n    work_1,\n)\n" + CODE
    plain = _tree(tmp_path / "plain", {"unit/__init__.py": CODE})
    more = _tree(tmp_path / "more", {"unit/__init__.py": wired})
    assert _value(more["unit"], "size") == _value(plain["unit"], "size")
    assert more["unit"].service_score <= plain["unit"].service_score


def test_leaves_alike_but_for_their_size_do_not_tie(tmp_path: Path) -> None:
    # Nothing imports either and neither imports anything: only their size tells them apart.
    scored = _tree(tmp_path, {"a/__init__.py": CODE, "b/__init__.py": CODE + CODE[:60]})
    assert scored["a"].service_score != scored["b"].service_score


def test_inbound_breadth_stays_in_range_when_every_unit_imports_it(tmp_path: Path) -> None:
    # Unranked units (the package's own __init__) import it too: still a value in [0, 1].
    users = {f"p{i}/__init__.py": "import core\n" + CODE for i in range(6)}
    scored = _scored(
        write_tree(
            tmp_path / "src", {"__init__.py": "import core\n", "core/__init__.py": CODE, **users}
        ),
        tmp_path / "out",
    )
    assert 0.0 <= _value(scored["core"], "inbound") <= 1.0


def test_outbound_weighs_for_libraries_not_for_services(tmp_path: Path) -> None:
    scored = _tree(
        tmp_path,
        {
            "quiet/__init__.py": CODE,
            "busy/__init__.py": "import p0, p1, p2, p3\n" + CODE,
        },
    )
    assert _value(scored["busy"], "outbound") < _value(scored["quiet"], "outbound")
    weight = next(f.weight for f in scored["busy"].factors if f.name == "outbound")
    assert weight == 0.0  # a service keeps calling what it imports: a running cost, in risks
    assert scored["busy"].service_score <= scored["quiet"].service_score


def _with_inputs(tmp_path: Path, files: dict[str, str]) -> dict[str, Candidate]:
    write_tree(tmp_path, {f"src/p{i}/__init__.py": CODE for i in range(4)} | files)
    settings = load_settings(tmp_path / "src", tmp_path, Flags(out=tmp_path / "out", cache=False))
    assessment = evaluate(settings).assessment
    return {c.unit: c for c in assessment.candidates}


def test_ownership_one_team_scores_higher_than_two(tmp_path: Path) -> None:
    scored = _with_inputs(
        tmp_path,
        {
            "src/one/__init__.py": CODE,
            "src/two/__init__.py": CODE,
            "src/two/more.py": CODE,
            "CODEOWNERS": "/src/one/ @org/a\n/src/two/__init__.py @org/a\n/src/two/more.py @org/b\n",
        },
    )
    assert _value(scored["two"], "ownership") < _value(scored["one"], "ownership")


def _commit(number: int, paths: list[str]) -> str:
    changes = "".join(f"1\t0\t{path}\n" for path in paths)
    return (
        f"commit {number:040x}\nAuthor: Dev <dev@example.com>\n"
        f"Date:   Mon Jan {number + 1} 10:00:00 2026 +0000\n\n    change {number}\n\n{changes}\n"
    )


def test_change_changing_together_with_others_scores_lower(tmp_path: Path) -> None:
    log = "".join(
        _commit(n, ["src/tied/__init__.py", "src/p0/__init__.py"]) for n in range(6)
    ) + "".join(_commit(n + 6, ["src/solo/__init__.py"]) for n in range(6))
    scored = _with_inputs(
        tmp_path,
        {
            "src/tied/__init__.py": CODE,
            "src/solo/__init__.py": CODE,
            "history.log": log,
            "coupling.toml": 'history = "history.log"\n',
        },
    )
    assert _value(scored["tied"], "change") < _value(scored["solo"], "change")
