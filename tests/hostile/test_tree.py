"""Hostile trees and misleading names: links out of PATH, loops, test folders, first-party
and Python 2 names, table names in constants, thousands of modules."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile.conftest import Project


def _units(project: Project) -> dict[str, dict[str, object]]:
    document = json.loads(project.out("coupling.json").read_text(encoding="utf-8"))
    return {unit["name"]: unit for unit in document["units"]}


def test_a_symlink_out_of_path_is_listed_not_followed(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.py").write_text("import json\n")
    project.write("a/__init__.py", "")
    (project.pkg / "a" / "out").symlink_to(outside)
    (project.pkg / "linked.py").symlink_to(outside / "x.py")
    assert project.scan().code == 0
    left_out = project.left_out()
    assert left_out["src/pkg/a/out"] == (
        "symlink to a folder outside PATH: not followed (set follow_symlinks = true to follow it)"
    )
    assert left_out["src/pkg/linked.py"].startswith("symlink to a file outside PATH")
    assert _units(project)["a"]["modules"] == 1
    project.config("follow_symlinks = true\n")
    assert project.scan().code == 0
    assert _units(project)["a"]["modules"] == 3  # a, a.out and a.out.x


def test_a_symlink_inside_path_is_followed(project: Project) -> None:
    project.write("real/__init__.py", "")
    project.write("real/m.py", "x = 1\n")
    (project.pkg / "alias.py").symlink_to(project.pkg / "real" / "m.py")
    assert project.scan().code == 0
    assert "src/pkg/alias.py" not in project.left_out()


def test_symlink_loops_are_listed(project: Project) -> None:
    project.write("a/__init__.py", "")
    (project.pkg / "a" / "loop").symlink_to(project.pkg / "a")
    (project.pkg / "self.py").symlink_to(project.pkg / "self.py")
    assert project.scan(timeout=20).code == 0
    left_out = project.left_out()
    assert left_out["src/pkg/a/loop"] == "symlink loop: points back to a folder above it"
    assert "cannot read" in left_out["src/pkg/self.py"]


def test_a_package_named_test_without_tests_in_it_is_a_unit(project: Project) -> None:
    # Django's django/test/ is public API; a tests/ folder of test files is test code.
    project.write("test/__init__.py", "from pkg.test.client import Client\n")
    project.write("test/client.py", "class Client: ...\n")
    project.write("web/__init__.py", "from pkg.test import Client\n")
    project.write("tests/__init__.py", "")
    project.write("tests/test_web.py", "from pkg.web import Client\n")
    assert project.scan().code == 0
    units = _units(project)
    assert "test" in units
    assert "tests" not in units


def test_first_party_and_python2_names_are_not_third_party(project: Project) -> None:
    (project.root / "src" / "sibling_pkg").mkdir()
    (project.root / "src" / "sibling_pkg" / "__init__.py").write_text("")
    (project.root / "src" / "tool.py").write_text("")
    project.write(
        "a/__init__.py",
        "import __main__\nimport cPickle, StringIO, urllib2, Queue, ConfigParser, _winreg\n"
        "import sibling_pkg, tool\nimport helpers\nfrom helpers import x\nimport requests\n",
    )
    project.write("a/helpers.py", "x = 1\n")
    assert project.scan().code == 0
    document = json.loads(project.out("coupling.json").read_text(encoding="utf-8"))
    units = {unit["name"]: unit for unit in document["units"]}
    # `import helpers` in a package is absolute in Python 3, whatever lies beside it (a cache
    # backend named redis.py imports the redis client): not the module a/helpers.py.
    assert units["a"]["third_party"] == ["helpers", "requests"]
    inside = [
        site["imported"]
        for dependency in document["dependencies"]
        for site in dependency["evidence"]
    ]
    assert inside == []


def test_table_names_in_module_constants(project: Project) -> None:
    project.write("db/__init__.py", "")
    project.write("db/const.py", 'TABLE_STATES = "states"\n')
    project.write(
        "db/models.py",
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n"
        "from .const import TABLE_STATES\n"
        "from . import const\n"
        'TABLE_EVENTS = "events"\n'
        "class Base(DeclarativeBase):\n    pass\n"
        "class Events(Base):\n    __tablename__ = TABLE_EVENTS\n"
        "    event_id: Mapped[int] = mapped_column(primary_key=True)\n"
        "class States(Base):\n    __tablename__ = TABLE_STATES\n"
        "    state_id: Mapped[int] = mapped_column(primary_key=True)\n"
        "class Attributes(Base):\n    __tablename__ = const.TABLE_STATES\n"
        "    __table_args__ = {'extend_existing': True}\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "class Unknown(Base):\n    __tablename__ = SOMEWHERE_ELSE\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n",
    )
    assert project.scan().code == 0
    document = json.loads(project.out("coupling.json").read_text(encoding="utf-8"))
    tables = {model["key"].rsplit(".", 1)[1]: model["table"] for model in document["models"]}
    assert tables == {"Events": "events", "States": "states", "Attributes": "states", "Unknown": ""}


def test_thousands_of_empty_modules(project: Project) -> None:
    # The 5,000, scaled down to stay within seconds: still past the size at which
    # files are parsed in a pool of processes.
    for index in range(20):
        folder = project.pkg / f"u{index}"
        folder.mkdir()
        (folder / "__init__.py").write_text("")
        for module in range(99):
            (folder / f"m{module}.py").write_text("")
    done = project.scan(timeout=120)
    assert done.code == 0, done.stderr
    assert "2,001 files" in done.stdout
    assert project.scan(timeout=120).code == 0  # warm
