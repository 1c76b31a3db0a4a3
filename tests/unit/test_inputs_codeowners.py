"""CODEOWNERS as GitHub and GitLab read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coupling.discover import discover
from coupling.inputs.codeowners import compile_pattern, owners_of, parse, read_owners
from tests.support import git, settings_for, write_tree


def owners(text: str, path: str) -> tuple[str, ...]:
    return owners_of(parse(text), path)


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("*", ["a.py", "x/y/z.py"], []),
        ("*.py", ["a.py", "x/y/z.py"], ["a.pyc", "py"]),
        (
            "/src/reporting/",
            ["src/reporting/a.py", "src/reporting/x/b.py"],
            ["lib/src/reporting/a.py", "src/reporting"],
        ),
        ("apps/", ["apps/a.py", "x/apps/b/c.py"], ["apps"]),
        ("docs/*", ["docs/a.md"], ["docs/x/b.md"]),
        ("/docs", ["docs", "docs/a/b.md"], ["x/docs"]),
        ("**/logs", ["logs", "a/logs", "a/b/logs/x.txt"], ["logsx"]),
        ("src/**/test_*.py", ["src/test_a.py", "src/a/b/test_c.py"], ["test_a.py"]),
        ("path\\ with\\ spaces/", ["path with spaces/a.py"], ["path/a.py"]),
        ("[Rr]eadme.md", ["Readme.md", "x/readme.md"], ["README.md"]),
        ("file?.py", ["file1.py"], ["file10.py"]),
    ],
)
def test_patterns_follow_gitignore(pattern: str, matches: list[str], misses: list[str]) -> None:
    regex = compile_pattern(pattern)
    assert all(regex.match(path) for path in matches), pattern
    assert not any(regex.match(path) for path in misses), pattern


def test_github_last_match_wins_and_an_ownerless_match_unowns() -> None:
    text = "# comment\n*       @org/platform\n/src/  @org/team-a @bob\n/src/vendor/\n*.md docs@example.com # inline comment\n"
    assert owners(text, "setup.py") == ("@org/platform",)
    assert owners(text, "src/app.py") == ("@org/team-a", "@bob")
    assert owners(text, "src/vendor/lib.py") == ()
    assert owners(text, "src/README.md") == ("docs@example.com",)


def test_gitlab_sections_defaults_exclusions_and_the_union_across_sections() -> None:
    text = (
        "* @general\n"
        "[Documentation] @docs-team\n"
        "docs/\n"
        "docs/api/ @api-docs\n"
        "^[Database][2] @dba\n"
        "model/db/\n"
        "!model/db/generated/\n"
        "[documentation]\n"
        "*.md @writers\n"
    )
    assert owners(text, "docs/guide.md") == (
        "@general",
        "@writers",
    )  # same section, later rule wins
    assert owners(text, "docs/api/ref.txt") == ("@general", "@api-docs")
    assert owners(text, "model/db/schema.py") == ("@general", "@dba")
    assert owners(text, "model/db/generated/x.py") == ("@general",)  # excluded from Database only
    assert owners(text, "src/a.py") == ("@general",)


def test_the_file_is_found_in_github_order_and_paths_are_from_the_repository_root(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            ".github/CODEOWNERS": "/app/src/shop/ @org/shop\n",
            "CODEOWNERS": "* @org/wrong\n",
            "app/coupling.toml": "",
            "app/src/shop/__init__.py": "",
            "app/src/shop/cart.py": "",
            "app/src/misc/__init__.py": "",
        },
    )
    git(tmp_path, "init", "-q")
    settings = settings_for(tmp_path / "app" / "src", tmp_path / "out", cwd=tmp_path / "app")
    ownership = read_owners(settings, discover(settings))
    assert ownership.source == str(tmp_path / ".github" / "CODEOWNERS")
    assert dict(ownership.files) == {
        "src/misc/__init__.py": (),
        "src/shop/__init__.py": ("@org/shop",),
        "src/shop/cart.py": ("@org/shop",),
    }


def test_no_codeowners_file(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"src/a/__init__.py": ""})
    git(tmp_path, "init", "-q")
    settings = settings_for(root / "src", tmp_path / "out", cwd=root)
    assert read_owners(settings, discover(settings)).source == ""
