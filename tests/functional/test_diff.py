"""`coupling diff REV [REV2]` on the example monolith in a real git repository: the change
report between two commits, or a commit and the working tree, which it never touches.

Imports: coupling.cli (diff) through the CLI runner; git for the revisions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from tests.functional.conftest import Run
from tests.support import git

Repo = Callable[..., Path]


def _commit_import(repo: Path, rel: str, line: str, message: str) -> None:
    path = repo / rel
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", message)


def test_a_new_dependency_between_two_commits(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    _commit_import(repo, "src/users/service.py", "from reporting.builders import Report", "x")
    done = run("diff", "HEAD~1", "HEAD")
    assert done.exit_code == 0, done.output
    report = done.stdout
    first, second = git(repo, "log", "--format=%h %cs", "-2").splitlines()[::-1]
    assert report.startswith(
        f"# Coupling changes: HEAD~1 ({first.replace(' ', ', ')}) → HEAD ({second.replace(' ', ', ')})\n"
    )
    assert "1 new dependency between units, 0 removed, 1 cycle group changed" in report
    assert "| Import statements between units |      137 |     138 |       +1 |" in report
    assert "| users → reporting     | new |" in report
    assert (
        "- Cycle group changed (reporting joined): auth, billing, notifications, reporting, users"
        in report
    )
    assert "|      1 | reporting     |     7.1 |      8.5 |     -1.4 |" in report
    assert "| reporting |        0 |       1 |       +1 |" in report
    tokens = MarkdownIt("commonmark").enable("table").parse(report)
    assert sum(1 for t in tokens if t.type == "table_open") == 4


def test_a_revision_against_the_working_tree_leaves_the_tree_untouched(
    techcorp: Repo, run: Run
) -> None:
    repo = techcorp()
    service = repo / "src" / "notifications" / "routes.py"
    text = service.read_text(encoding="utf-8")
    service.write_text(
        text.replace("from auth.permissions import get_current_user\n", ""), encoding="utf-8"
    )
    status = git(repo, "status", "--porcelain")
    done = run("diff", "HEAD")
    assert done.exit_code == 0, done.output
    assert "→ the working tree\n" in done.stdout.splitlines()[0] + "\n"
    assert "| notifications → auth  | removed |" in done.stdout
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "stash", "list") == ""
    assert service.read_text(encoding="utf-8") != text


def test_no_change_says_so_and_is_byte_stable(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    (repo / "README.md").write_text("moved on\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "docs only")
    first = run("diff", "HEAD~1", "HEAD")
    assert first.exit_code == 0
    assert "\nNo change in coupling: the same dependencies, cycles and ranking.\n" in first.stdout
    assert "## " not in first.stdout
    assert run("diff", "HEAD~1", "HEAD").stdout == first.stdout


def test_out_writes_the_report_to_a_file(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    _commit_import(repo, "src/auth/tokens.py", "from billing.models import Invoice", "y")
    done = run("diff", "HEAD~1", "--out", "status/weekly.md")
    assert done.exit_code == 0, done.output
    assert done.stdout == ""
    assert done.stderr == "Wrote status/weekly.md\n"
    written = (repo / "status" / "weekly.md").read_text(encoding="utf-8")
    assert "| auth → billing        | new |" in written


def test_an_unknown_revision_is_an_input_error(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    done = run("diff", "no-such-branch")
    assert done.exit_code == 2
    assert done.stderr == (
        f"coupling: error: {repo}: unknown revision 'no-such-branch': "
        "give a commit, branch or tag\n"
    )


def test_a_revision_without_the_folder_is_an_input_error(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    git(repo, "mv", "src", "source")
    (repo / "coupling.toml").write_text(
        (repo / "coupling.toml").read_text().replace('path = "src"', 'path = "source"')
    )
    git(repo, "commit", "-q", "-am", "rename src")
    done = run("diff", "HEAD~1")
    assert done.exit_code == 2
    assert done.stderr == (
        "coupling: error: source: is not a folder at HEAD~1; give a revision that has it\n"
    )


def test_outside_a_git_repository_is_an_input_error(
    tmp_path: Path, run: Run, asset: Callable[[str], Path]
) -> None:
    folder = asset("cycle_pair")
    done = run("diff", "HEAD")
    assert done.exit_code == 2
    assert done.stderr.endswith(
        "not inside a git repository; coupling diff compares two git revisions\n"
    )
    assert str(folder) in done.stderr
