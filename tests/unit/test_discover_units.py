"""Units as the user, tach or import-linter define them; bad unit definitions are one-line
config errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from coupling.config import Flags, load_settings
from coupling.discover import discover
from coupling.errors import ConfigError
from coupling.records import Project
from tests.support import write_tree

CLIENT = {
    "app/__init__.py": "",
    "app/client.py": "def get():\n    return 1\n",
    "app/models.py": "class Item:\n    pass\n",
    "app/cli/__init__.py": "",
    "app/cli/parse.py": "from app import client\n",
    "app/output/__init__.py": "",
    "app/output/write.py": "def write():\n    return 1\n",
}


def _project(root: Path, depth: int | None = None) -> Project:
    return discover(load_settings(root / "app", root, Flags(out=root / "out", depth=depth)))


def _units(project: Project) -> dict[str, str]:
    return {file.rel: file.unit for file in project.files}


def test_units_table_groups_files_by_path_globs(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        CLIENT
        | {
            "coupling.toml": '[units]\ncore = ["client.py", "models.py"]\nterminal = ["cli", "output/**"]\n'
        },
    )
    project = _project(tmp_path)
    assert project.units == ("__init__", "core", "terminal")
    assert _units(project)["app/cli/parse.py"] == "terminal"
    assert project.units_from == "[units] in coupling.toml"


def test_a_glob_matching_nothing_is_an_error_with_the_line(tmp_path: Path) -> None:
    write_tree(tmp_path, CLIENT | {"coupling.toml": '# units\n[units]\ncore = ["clinet.py"]\n'})
    with pytest.raises(
        ConfigError, match=r"units.core: clinet.py matches no Python file"
    ) as caught:
        _project(tmp_path)
    assert (caught.value.path, caught.value.line) == (tmp_path / "coupling.toml", 3)


def test_two_units_claiming_one_file_is_an_error_naming_it(tmp_path: Path) -> None:
    write_tree(tmp_path, CLIENT | {"coupling.toml": '[units]\na = ["client.py"]\nb = ["*.py"]\n'})
    with pytest.raises(ConfigError, match=r"units a, b both claim app/client\.py"):
        _project(tmp_path)


def test_units_entries_must_be_lists_of_globs(tmp_path: Path) -> None:
    write_tree(tmp_path, CLIENT | {"coupling.toml": '[units]\ncore = "client.py"\n'})
    with pytest.raises(ConfigError, match=r"units.core must be a list of path globs") as caught:
        _project(tmp_path)
    assert caught.value.line == 2


TACH = """
exclude = ["**/tests"]
source_roots = ["."]

[[modules]]
path = "app.cli"
depends_on = ["app.client"]

[[modules]]
path = "app.client"
depends_on = []
utility = true
"""


def test_tach_modules_are_the_units_unless_a_depth_is_asked(tmp_path: Path) -> None:
    write_tree(tmp_path, CLIENT | {"tach.toml": TACH})
    project = _project(tmp_path)
    assert _units(project)["app/cli/parse.py"] == "cli"
    assert _units(project)["app/client.py"] == "client"
    assert project.units_from == "tach.toml (tach.toml: 2 modules)"
    assert _project(tmp_path, depth=1).units_from == "depth 1 below PATH"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[modules]\npath = 'x'\n", r"tach.toml:1: invalid TOML"),
        ("modules = 'app.cli'\n", "`modules` must be a list of"),
        ("[[modules]]\ndepends_on = []\n", r"each \[\[modules\]\] entry needs a `path`"),
    ],
)
def test_a_malformed_tach_toml_is_an_error_naming_it(
    tmp_path: Path, text: str, message: str
) -> None:
    write_tree(tmp_path, CLIENT | {"tach.toml": text})
    with pytest.raises(ConfigError, match=message) as caught:
        _project(tmp_path)
    assert str(caught.value).startswith(str(tmp_path / "tach.toml"))
    assert "\n" not in str(caught.value)


def test_import_linter_layers_and_independence_name_the_units(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        CLIENT
        | {
            ".importlinter": (
                "[importlinter]\nroot_package = app\n\n"
                "[importlinter:contract:layers]\nname = layers\ntype = layers\n"
                "layers =\n    app.cli | app.output\n    app.client\n"
            )
        },
    )
    project = _project(tmp_path)
    assert project.units_from == "import-linter contracts in .importlinter (3 modules)"
    assert {_units(project)[f"app/{path}"] for path in ("cli/parse.py", "output/write.py")} == {
        "cli",
        "output",
    }


def test_an_import_linter_config_about_other_code_is_not_used(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        CLIENT
        | {
            "pyproject.toml": (
                '[tool.importlinter]\nroot_package = "other"\n\n[[tool.importlinter.contracts]]\n'
                'name = "x"\ntype = "layers"\nlayers = ["other.a", "other.b"]\n'
            )
        },
    )
    assert _project(tmp_path).units_from == "depth 1 below PATH"


def test_a_test_folder_is_test_code_only_when_it_holds_tests(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/test/__init__.py": "",
            "app/test/client.py": "class Client:\n    pass\n",  # public API, as django.test
            "app/core/__init__.py": "",
            "app/core/tests/__init__.py": "",
            "app/core/tests/helpers.py": "def make():\n    return 1\n",
            "app/core/tests/test_core.py": "def test_it():\n    assert True\n",
        },
    )
    tests = {file.rel: file.is_test for file in _project(tmp_path).files}
    assert tests["app/test/client.py"] is False
    assert tests["app/core/tests/helpers.py"] is True
    assert "test" in _project(tmp_path).units
