"""Which files are modules, what they are called and which unit they belong to."""

from __future__ import annotations

from pathlib import Path

import pytest

from coupling.discover import discover
from coupling.errors import InputError
from coupling.records import Namespace
from tests.support import git, settings_for, write_tree


def _modules(root: Path, tmp_path: Path, depth: int | None = None) -> dict[str, str]:
    project = discover(settings_for(root, tmp_path / "out", depth=depth))
    return {f.module: f.unit for f in project.files}


def test_src_layout_units_are_the_top_level_packages_and_modules(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {"auth/__init__.py": "", "auth/tokens.py": "", "auth/jwt/__init__.py": "", "manage.py": ""},
    )
    assert _modules(root, tmp_path) == {
        "auth": "auth",
        "auth.jwt": "auth",
        "auth.tokens": "auth",
        "manage": "manage",
    }
    assert discover(settings_for(root, tmp_path / "out")).units == ("auth", "manage")


def test_package_layout_units_are_the_packages_children(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/cart/__init__.py": "",
            "shop/cart/lines.py": "",
            "shop/orders.py": "",
        },
    )
    project = discover(settings_for(tmp_path / "shop", tmp_path / "out"))
    assert project.package == "shop"
    assert {f.module: f.unit for f in project.files} == {
        "shop": "__init__",
        "shop.cart": "cart",
        "shop.cart.lines": "cart",
        "shop.orders": "orders",
    }


def test_a_nested_package_is_named_from_its_top_level_package(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/b/__init__.py": "",
            "a/b/c/__init__.py": "",
            "a/b/c/d.py": "",
            "a/other.py": "",
        },
    )
    project = discover(settings_for(tmp_path / "a" / "b", tmp_path / "out"))
    assert project.package == "a.b"
    assert [f.module for f in project.files] == ["a.b", "a.b.c", "a.b.c.d"]
    assert project.context_modules == ("a", "a.other")


def test_depth_makes_deeper_units(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "auth/__init__.py": "",
            "auth/tokens.py": "",
            "auth/jwt/__init__.py": "",
            "auth/jwt/keys.py": "",
        },
    )
    assert _modules(root, tmp_path, depth=2) == {
        "auth": "auth",
        "auth.jwt": "auth.jwt",
        "auth.jwt.keys": "auth.jwt",
        "auth.tokens": "auth.tokens",
    }


def test_namespace_packages_are_modules_without_files(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {"ns/plugins/one.py": "", "ns/empty_data/readme.txt": "", "pkg/__init__.py": ""},
    )
    project = discover(settings_for(root, tmp_path / "out"))
    assert project.namespaces == (Namespace("ns", "ns"), Namespace("ns.plugins", "ns"))
    assert project.units == ("ns", "pkg")


def test_exclude_globs_match_names_or_paths(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "app/__init__.py": "",
            "app/migrations/0001_initial.py": "",
            "app/views.py": "",
            "app/test_views.py": "",
            "coupling.toml": 'exclude = ["migrations", "test_*.py", "app/views.py"]\n',
        },
    )
    assert list(_modules(root, tmp_path)) == ["app"]


def test_gitignored_files_are_left_out_in_a_git_repository(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            ".gitignore": "generated/\n",
            "src/app/__init__.py": "",
            "src/app/generated/big.py": "",
            "src/app/core.py": "",
        },
    )
    git(tmp_path, "init", "-q")
    assert list(_modules(root / "src", tmp_path)) == ["app", "app.core"]


def test_a_folder_holding_only_ignored_files_is_no_namespace_package(tmp_path: Path) -> None:
    # git lists while the folders are walked; what it ignores is taken out afterwards.
    write_tree(
        tmp_path,
        {
            ".gitignore": "build/\n",
            "src/app/__init__.py": "",
            "src/app/build/gen.py": "",
            "src/app/plugins/x.py": "",
        },
    )
    git(tmp_path, "init", "-q")
    project = discover(settings_for(tmp_path / "src", tmp_path / "out"))
    assert [n.module for n in project.namespaces] == ["app.plugins"]
    assert [f.module for f in project.files] == ["app", "app.plugins.x"]
    assert project.ignored == 1


def test_only_ignored_files_is_an_error_that_says_so(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitignore": "src/\n", "src/app/__init__.py": ""})
    git(tmp_path, "init", "-q")
    with pytest.raises(InputError, match=r"no Python files found here \(1 ignored by git\)"):
        discover(settings_for(tmp_path / "src", tmp_path / "out"))


def test_hidden_cache_and_oddly_named_entries(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "app/__init__.py": "",
            "app/.hidden.py": "",
            "app/__pycache__/x.py": "",
            "app/unicode10-0-0.py": "",
            "app/some.module.py": "",
            "my-scripts/run.py": "",
        },
    )
    project = discover(settings_for(root, tmp_path / "out"))
    assert [f.module for f in project.files] == ["app", "app.unicode10-0-0"]
    assert [(s.file, s.reason) for s in project.skipped] == [
        ("app/some.module.py", "extra dots in the file name; it cannot be a module"),
        ("my-scripts", "folder name is not a Python identifier; nothing can import it"),
    ]


def test_a_module_shadowed_by_a_package_of_the_same_name(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src", {"app/__init__.py": "", "app/util.py": "", "app/util/__init__.py": ""}
    )
    project = discover(settings_for(root, tmp_path / "out"))
    assert [(f.module, f.rel) for f in project.files] == [
        ("app", "app/__init__.py"),
        ("app.util", "app/util/__init__.py"),
    ]
    assert [s.file for s in project.skipped] == ["app/util.py"]


def test_symlink_loops_are_recorded_not_followed_forever(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "src", {"app/__init__.py": "", "app/inner/__init__.py": ""})
    (root / "app" / "inner" / "loop").symlink_to(root / "app")
    (root / "alias").symlink_to(root / "app" / "inner")
    project = discover(settings_for(root, tmp_path / "out"))
    assert [f.module for f in project.files] == ["app", "app.inner"]
    assert {(s.file, s.reason) for s in project.skipped} == {
        ("app/inner/loop", "symlink loop: points back to a folder above it"),
        ("alias", "already scanned through another path (symlink)"),
    }


def test_paths_are_relative_to_the_config_folder(tmp_path: Path) -> None:
    write_tree(tmp_path, {"coupling.toml": "", "src/app/__init__.py": ""})
    project = discover(settings_for(tmp_path / "src", tmp_path / "out", cwd=tmp_path / "src"))
    assert (project.scan_path, project.files[0].rel) == ("src", "src/app/__init__.py")


def test_no_python_files_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    with pytest.raises(InputError, match="no Python files found"):
        discover(settings_for(tmp_path / "docs", tmp_path / "out"))


def test_a_package_folder_with_an_invalid_name_is_an_input_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"my-app/__init__.py": ""})
    with pytest.raises(InputError, match="not a valid package name"):
        discover(settings_for(tmp_path / "my-app", tmp_path / "out"))


def test_a_namespace_folder_inside_a_package_is_part_of_that_package(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"a/__init__.py": "", "a/mid/p.py": "from . import q\n", "a/mid/q.py": "import a.mid.p\n"},
    )
    project = discover(settings_for(tmp_path / "a" / "mid", tmp_path / "out"))
    assert project.package == "a.mid"
    assert [(f.module, f.unit) for f in project.files] == [("a.mid.p", "p"), ("a.mid.q", "q")]


def test_empty_package_inits_above_deeper_units_are_not_units(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "a/__init__.py": "",
            "a/b/__init__.py": "X = 1\n",
            "a/c.py": "",
            "d/e/f.py": "",
            "g/__init__.py": "Y = 2\n",
            "g/h.py": "",
        },
    )
    assert discover(settings_for(root, tmp_path / "out", depth=2)).units == (
        "a.b",
        "a.c",
        "d.e",
        "g",
        "g.h",
    )


def test_git_ignored_python_files_are_counted(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            ".gitignore": "gen_*.py\n",
            "src/app/__init__.py": "",
            "src/app/gen_a.py": "",
            "src/app/gen_b.py": "",
        },
    )
    git(tmp_path, "init", "-q")
    assert discover(settings_for(root / "src", tmp_path / "out")).ignored == 2


def test_python_only_in_unimportable_folders_is_said_so(tmp_path: Path) -> None:
    write_tree(tmp_path, {"my-app/main.py": ""})
    with pytest.raises(InputError, match=r"only in folders Python cannot import: my-app"):
        discover(settings_for(tmp_path, tmp_path / "out"))
