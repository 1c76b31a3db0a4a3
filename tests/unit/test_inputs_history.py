"""History from a real git repository built here, figures computed by hand.

Commits, oldest first (A = Ana, B = Bo, J = José Müller, bot = dependabot[bot]):
  1 A  add alpha/__init__.py (1 line), alpha/core.py (10), beta/__init__.py (2)
  2 B  core.py +5, beta/__init__.py +3
  3 J  add "alpha/data files/read me.txt" (+4): a path with spaces, a non-ASCII author
  4 B  rename alpha/core.py → alpha/engine.py (no line changed)
  5 A  engine.py +2 −1, add gamma/__init__.py (+1)
  6 bot beta/__init__.py +1                                 (left out: a bot)
  7 A  add gamma/f00.py … gamma/f30.py, 31 files             (too big for change coupling)
  8 B  on a side branch: beta/__init__.py +1, then merged with --no-ff (the merge is skipped)
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest

from coupling.cache import open_session
from coupling.discover import discover
from coupling.inputs import inputs_while
from coupling.inputs.history import read_history
from coupling.records import History, UnitHistory
from tests.support import settings_for, write_tree

PEOPLE = {
    "A": ("Ana", "ana@x.io"),
    "B": ("Bo", "bo@x.io"),
    "J": ("José Müller", "jose@x.io"),
    "bot": ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
}


def _git(repo: Path, who: str, *args: str, day: int = 1) -> None:
    name, email = PEOPLE[who]
    date = f"2026-01-{day:02d}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _commit(repo: Path, who: str, day: int, files: dict[str, str], message: str = "change") -> None:
    write_tree(repo, files)
    _git(repo, who, "add", "-A", day=day)
    _git(repo, who, "commit", "-q", "-m", message, day=day)


def _lines(n: int, tag: str = "x") -> str:
    return "".join(f"{tag}{i} = {i}\n" for i in range(n))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    _git(root, "A", "init", "-q", "-b", "main")
    write_tree(
        root,
        {"coupling.toml": "[rules.history]\nmin_revisions = 1\nmin_shared = 1\nmin_degree = 0\n"},
    )
    _commit(
        root,
        "A",
        1,
        {
            "src/alpha/__init__.py": _lines(1),
            "src/alpha/core.py": _lines(10),
            "src/beta/__init__.py": _lines(2),
        },
    )
    _commit(root, "B", 2, {"src/alpha/core.py": _lines(15), "src/beta/__init__.py": _lines(5)})
    _commit(root, "J", 3, {"src/alpha/data files/read me.txt": "one\ntwo\nthree\nfour\n"})
    _git(root, "B", "mv", "src/alpha/core.py", "src/alpha/engine.py", day=4)
    _git(root, "B", "commit", "-q", "-m", "rename", day=4)
    _commit(
        root,
        "A",
        5,
        {"src/alpha/engine.py": _lines(14) + "y = 1\ny2 = 2\n", "src/gamma/__init__.py": _lines(1)},
    )
    _commit(root, "bot", 6, {"src/beta/__init__.py": _lines(6)})
    _commit(root, "A", 7, {f"src/gamma/f{i:02d}.py": _lines(1) for i in range(31)})
    _git(root, "B", "checkout", "-q", "-b", "side", day=8)
    _commit(root, "B", 8, {"src/beta/__init__.py": _lines(7)})
    _git(root, "A", "checkout", "-q", "main", day=9)
    _git(root, "A", "merge", "-q", "--no-ff", "-m", "merge side", "side", day=9)
    return root


def _history(repo: Path, history: Path | None = None) -> History:
    settings = settings_for(repo / "src", repo / "out", cwd=repo)
    if history is not None:
        from dataclasses import replace

        settings = replace(settings, inputs=replace(settings.inputs, history=history))
    with open_session(settings) as cache:
        return read_history(settings, discover(settings), cache)


def _units(history: History) -> dict[str, UnitHistory]:
    return {u.unit: u for u in history.units}


def test_commits_authors_and_churn_per_unit(repo: Path) -> None:
    history = _history(repo)
    assert (
        history.source,
        history.commits,
        history.bot_commits,
        history.large_changesets,
        history.renames,
    ) == ("git log", 8, 1, 1, 1)
    alpha, beta, gamma = (_units(history)[name] for name in ("alpha", "beta", "gamma"))
    assert (alpha.commits, alpha.authors, alpha.added, alpha.deleted) == (5, 3, 22, 1)
    assert (alpha.main_developer, round(alpha.main_developer_share, 4)) == (
        "Ana",
        round(13 / 22, 4),
    )
    assert alpha.fractal == pytest.approx(1 - (0.4**2 + 0.4**2 + 0.2**2))
    assert (beta.commits, beta.authors, beta.main_by_commits) == (3, 2, "Bo")
    assert beta.fractal == pytest.approx(1 - (1 / 9 + 4 / 9))
    assert (gamma.commits, gamma.fractal) == (2, 0.0)


def test_renames_are_followed_to_the_current_file(repo: Path) -> None:
    files = {f.file: f for f in _history(repo).files}
    assert "src/alpha/core.py" not in files
    assert (files["src/alpha/engine.py"].commits, files["src/alpha/engine.py"].added) == (4, 17)
    assert files["src/alpha/data files/read me.txt"].commits == 1


def test_change_coupling_leaves_out_big_changesets(repo: Path) -> None:
    pairs = {(p.first, p.second): p for p in _history(repo).pairs}
    assert set(pairs) == {("alpha", "beta"), ("alpha", "gamma")}
    assert (pairs["alpha", "beta"].shared, pairs["alpha", "beta"].degree) == (2, 2 / ((5 + 3) / 2))
    assert (pairs["alpha", "gamma"].shared, pairs["alpha", "gamma"].degree) == (
        1,
        1 / ((5 + 1) / 2),
    )


def test_a_saved_log_gives_the_same_figures(repo: Path, tmp_path: Path) -> None:
    saved = tmp_path / "history.log"
    log = subprocess.run(
        ["git", "log", "--numstat", "--no-merges", "-M"], cwd=repo, capture_output=True, check=True
    ).stdout
    saved.write_bytes(log)
    from_file, from_git = _history(repo, saved), _history(repo)
    assert from_file.source == "history.log"
    assert from_file.units == from_git.units
    assert from_file.pairs == from_git.pairs


def test_merge_commits_in_a_saved_log_are_skipped(repo: Path, tmp_path: Path) -> None:
    saved = tmp_path / "with-merges.log"
    log = subprocess.run(
        ["git", "log", "--numstat", "-m", "-M"], cwd=repo, capture_output=True, check=True
    ).stdout
    saved.write_bytes(log)
    assert _units(_history(repo, saved))["beta"].commits == 3


def test_git_log_is_read_while_the_work_runs_and_kept_for_its_commit(
    repo: Path, tmp_path: Path
) -> None:
    settings = settings_for(repo / "src", repo / "out", cwd=repo, cache=True)
    threads: list[str] = []
    with open_session(settings, tmp_path / "cache") as cache:
        project = discover(settings)
        inputs, done = inputs_while(
            settings, project, cache, lambda: threads.extend(t.name for t in threading.enumerate())
        )
        again, _ = inputs_while(
            settings, project, cache, lambda: threads.append(str(threading.active_count()))
        )
    assert done is None
    assert any(name.startswith("git-log") for name in threads[:-1])  # read beside the work
    assert threads[-1] == "1"  # the second time, recalled for the same commit: no git run
    assert inputs.history == again.history == _history(repo)
    assert inputs.history.head and inputs.history.commits == 8  # merges left out


def test_a_failing_work_stops_git_and_keeps_no_history(repo: Path, tmp_path: Path) -> None:
    settings = settings_for(repo / "src", repo / "out", cwd=repo, cache=True)

    def parse() -> None:
        raise KeyboardInterrupt

    with open_session(settings, tmp_path / "cache") as cache:
        project = discover(settings)
        with pytest.raises(KeyboardInterrupt):
            inputs_while(settings, project, cache, parse)
        assert not [t for t in threading.enumerate() if t.name.startswith("git-log")]
        threads: list[int] = []
        inputs_while(settings, project, cache, lambda: threads.append(threading.active_count()))
    assert threads == [2]  # nothing was kept: git runs again


def test_one_commit_is_no_history(tmp_path: Path) -> None:
    """Code imported in one commit (or a shallow clone): every unit would look owned by one
    author and changed on its own."""
    _git(tmp_path, "A", "init", "-q", "-b", "main")
    _commit(tmp_path, "A", 1, {"src/alpha/__init__.py": _lines(3), "src/beta/__init__.py": ""})
    history = _history(tmp_path)
    assert (history.source, history.commits, history.units) == ("", 0, ())
    assert "min_commits (2)" in history.note
    _commit(tmp_path, "B", 2, {"src/beta/__init__.py": _lines(2)})
    assert _history(tmp_path).commits == 2


def test_no_repository_and_no_file_is_no_history(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"src/a/__init__.py": ""})
    history = _history(root)
    assert (history.source, history.units) == ("", ())
    assert "no git repository" in history.note


def test_teams_map_authors(repo: Path) -> None:
    from dataclasses import replace

    settings = settings_for(repo / "src", repo / "out", cwd=repo)
    settings = replace(
        settings, teams=(("core", ("ana@x.io", "José Müller")), ("ops", ("bo@x.io",)))
    )
    with open_session(settings) as cache:
        alpha = _units(read_history(settings, discover(settings), cache))["alpha"]
    assert alpha.teams == (("core", 0.6), ("ops", 0.4))


def test_quoted_paths_and_brace_renames_are_read() -> None:
    from coupling.inputs.gitlog import commits

    log = [
        "commit abc\n",
        "Author: Zoë <z@x.io>\n",
        "Date:   2026-01-01\n",
        "\n",
        "    message\n",
        "\n",
        '3\t1\t"src/caf\\303\\251.py"\n',
        "0\t0\tsrc/{old => new}/mod.py\n",
        "-\t-\tsrc/logo.png\n",
        "2\t0\tsrc/{ => sub}/x.py\n",
    ]
    (commit,) = commits(log)
    assert commit.author == "Zoë"
    assert [(c.path, c.added, c.deleted, c.renamed_from) for c in commit.changes] == [
        ("src/café.py", 3, 1, ""),
        ("src/new/mod.py", 0, 0, "src/old/mod.py"),
        ("src/logo.png", 0, 0, ""),
        ("src/sub/x.py", 2, 0, "src/x.py"),
    ]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving the repository away needs root")
def test_a_repository_git_refuses_says_how_to_trust_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _git(tmp_path, "A", "init", "-q", "-b", "main")
    _commit(tmp_path, "A", 1, {"src/alpha/__init__.py": _lines(3)})
    _commit(tmp_path, "B", 2, {"src/alpha/__init__.py": _lines(4)})
    subprocess.run(["chown", "-R", "nobody", str(tmp_path)], check=True)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)  # no safe.directory of this machine
    history = _history(tmp_path)
    assert history.source == ""
    assert "dubious ownership" in history.note
    # the repository's top folder, as git names it, not the scanned src/
    assert history.note.endswith(f"safe.directory {tmp_path.resolve()}`")


def test_git_log_is_read_first_when_not_alongside(repo: Path, tmp_path: Path) -> None:
    """A big parse: git's log first, so that its memory never adds to the parse workers'."""
    settings = settings_for(repo / "src", repo / "out", cwd=repo, cache=True)
    names: list[str] = []
    with open_session(settings, tmp_path / "cache") as cache:
        inputs, _ = inputs_while(
            settings,
            discover(settings),
            cache,
            lambda: names.extend(t.name for t in threading.enumerate()),
            alongside=False,
        )
    assert not [name for name in names if name.startswith("git-log")]
    assert inputs.history == _history(repo)
