"""The facts cache: reused when files are unchanged, never trusted when it cannot be."""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from coupling.cache import open_session, parse, session, store
from coupling.discover import discover
from coupling.records import FileFacts, Progress, Settings
from tests.support import settings_for, write_tree


@dataclass(frozen=True)
class _Run:
    """One run's facts and what the cache did for it."""

    facts: tuple[FileFacts, ...]
    reused: int
    parsed: int
    cache_note: str


def _run(settings: Settings, progress: Progress | None = None) -> _Run:
    with open_session(settings) as cache:
        collected = cache.facts(discover(settings), progress)
        return _Run(collected.facts, cache.reused, cache.parsed, cache.note)


def _collect(root: Path) -> _Run:
    return _run(settings_for(root, root / "out", cache=True))


def _age(root: Path, seconds: int = 60) -> None:
    """Backdate every file so the cache may trust its stat (no racy mtimes)."""
    past = time.time() - seconds
    for path in root.rglob("*.py"):
        os.utime(path, (past, past))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_tree(
        tmp_path,
        {
            "app/__init__.py": "import os\n",
            "app/a.py": "from app import b\n",
            "app/b.py": "X = 1\n",
        },
    )
    _age(root)
    return root


def test_a_warm_cache_reuses_every_file(project: Path) -> None:
    cold = _collect(project)
    warm = _collect(project)
    assert (cold.reused, cold.parsed) == (0, 3)
    assert (warm.reused, warm.parsed) == (3, 0)
    assert warm.facts == cold.facts
    assert (
        (project / ".coupling" / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (project / ".coupling" / ".gitignore").read_text().endswith("*\n")


def test_a_changed_file_is_parsed_again(project: Path) -> None:
    _collect(project)
    (project / "app" / "b.py").write_text("import json\nX = 2\n")
    again = _collect(project)
    assert (again.reused, again.parsed) == (2, 1)
    assert again.facts[2].imports[0].targets == ("json",)


def test_a_same_size_edit_within_the_racy_window_is_caught_by_the_hash(project: Path) -> None:
    target = project / "app" / "b.py"
    target.write_text("X = 1\n")  # fresh mtime: racy until the cache is older than it
    _collect(project)
    stat = target.stat()
    target.write_text("Y = 1\n")  # same size
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
    again = _collect(project)
    assert again.facts[2].definitions[0].name == "Y"


def test_a_touched_but_unchanged_file_is_reused_by_its_hash(project: Path) -> None:
    _collect(project)
    os.utime(project / "app" / "a.py")
    assert _collect(project).reused == 3


def test_deleted_files_leave_the_cache(project: Path) -> None:
    _collect(project)
    (project / "app" / "b.py").unlink()
    _collect(project)
    with sqlite3.connect(project / ".coupling" / "cache.db") as db:
        assert sorted(row[0] for row in db.execute("SELECT path FROM facts")) == [
            b"app/__init__.py",
            b"app/a.py",
        ]


@pytest.mark.parametrize(
    "damage",
    [
        b"this is not a database",
        b"SQLite format 3\x00" + b"\x00" * 200,
    ],
)
def test_a_corrupt_or_foreign_cache_is_rebuilt(project: Path, damage: bytes) -> None:
    (project / ".coupling").mkdir()
    (project / ".coupling" / "cache.db").write_bytes(damage)
    collected = _collect(project)
    assert (collected.parsed, collected.cache_note) == (3, "")
    assert _collect(project).reused == 3


def test_a_cache_from_another_version_is_rebuilt(project: Path) -> None:
    _collect(project)
    with sqlite3.connect(project / ".coupling" / "cache.db") as db:
        db.execute("UPDATE meta SET value = 'coupling 0.0.1 facts 0'")
    assert _collect(project).parsed == 3


def test_a_row_of_the_wrong_shape_is_a_miss(project: Path) -> None:
    _collect(project)
    with sqlite3.connect(project / ".coupling" / "cache.db") as db:
        db.execute("UPDATE facts SET facts = '{\"imports\": 7}' WHERE path = ?", (b"app/a.py",))
    again = _collect(project)
    assert (again.reused, again.parsed) == (2, 1)
    assert again.facts[1].imports[0].targets == ("app.b",)


def test_an_unwritable_cache_folder_degrades_to_no_cache(project: Path) -> None:
    (project / ".coupling").write_text("a file where the folder should be")
    collected = _collect(project)
    assert collected.parsed == 3
    assert collected.cache_note.startswith("cache disabled: cannot write")


def test_a_content_change_behind_a_restored_mtime_is_caught(project: Path) -> None:
    _collect(project)
    target = project / "app" / "b.py"
    before = target.stat()
    target.write_text("Z = 9\n")  # same size as "X = 1\n"
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # as touch -r, cp -p, tar x do
    assert _collect(project).facts[2].definitions[0].name == "Z"


def test_scanning_a_sub_folder_keeps_the_rest_of_the_cache(project: Path) -> None:
    (project / "coupling.toml").write_text("")
    (project / "other").mkdir()
    (project / "other" / "c.py").write_text("import json\n")
    _age(project)
    for path in (project, project / "app", project):
        settings = settings_for(path, project / "out", cache=True, cwd=project)
        collected = _run(settings)
    assert collected.reused == 4


def test_a_cache_missing_its_table_is_rebuilt(project: Path) -> None:
    _collect(project)
    with sqlite3.connect(project / ".coupling" / "cache.db") as db:
        db.execute("DROP TABLE facts")
    again = _collect(project)
    assert (again.parsed, again.cache_note) == (3, "")
    assert _collect(project).reused == 3


def test_file_names_that_are_not_utf8_are_cached(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"pkg/__init__.py": ""})
    (root / "pkg" / os.fsdecode(b"caf\xe9.py")).write_text("import json\n")
    _age(root)
    assert _collect(root).parsed == 2
    assert _collect(root).reused == 2


def test_no_cache_means_no_files(project: Path) -> None:
    _run(settings_for(project, project / "out", cache=False))
    assert not (project / ".coupling").exists()


def test_the_process_pool_gives_the_same_facts_as_one_process(tmp_path: Path) -> None:
    files = {f"pkg/m{i}.py": f"from pkg import m{(i + 1) % 80}\nimport json\n" for i in range(80)}
    root = write_tree(tmp_path, {"pkg/__init__.py": "", **files})
    assert parse.POOL_THRESHOLD <= 80
    pooled = _collect_without_cache(root, jobs=2)
    serial = _collect_without_cache(root, jobs=1)
    assert pooled.facts == serial.facts
    assert pooled.parsed == 81


def test_rows_written_in_batches_all_serve_the_next_run(tmp_path: Path) -> None:
    # More files than one batch of rows: each batch is stored as the files are parsed.
    count = session.ROWS_PER_WRITE + 7
    root = write_tree(tmp_path, {f"pkg/m{i}.py": f"X = {i}\n" for i in range(count)})
    first = _collect(root)
    _age(root)
    second = _collect(root)
    assert (first.parsed, second.parsed, second.reused) == (count, 0, count)
    assert second.facts == first.facts


def _collect_without_cache(root: Path, jobs: int) -> _Run:
    return _run(settings_for(root, root / "out", cache=False, jobs=jobs))


def test_digests_then_facts_parse_each_cold_file_once(project: Path) -> None:
    settings = settings_for(project, project / "out", cache=True)
    _collect(project)
    (project / "app" / "b.py").write_text("import json\nX = 2\n")
    project_files = discover(settings)
    with open_session(settings) as cache:
        digests = cache.digests(project_files)
        assert digests is not None and set(digests) == {f.rel for f in project_files.files}
        assert cache.parsed == 1  # only the edited file: the others' digests come from rows
        collected = cache.facts(project_files)
        assert (cache.parsed, cache.reused) == (1, 2)
    assert collected.facts[2].imports[0].targets == ("json",)
    with open_session(settings_for(project, project / "out", cache=False)) as none:
        assert none.digests(project_files) is None


def test_progress_is_reported_up_to_the_total(project: Path) -> None:
    seen: list[tuple[int, int]] = []
    _run(
        settings_for(project, project / "out", cache=False),
        lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_results_naming_undecodable_files_are_kept(tmp_path: Path) -> None:
    db, note = store.open_cache(tmp_path / ".coupling")
    assert db is not None and not note
    for value in ("bad \udcff name", "lone \ud800 surrogate", "plain"):
        store.remember(db, f"key {value}", value)
        recalled = store.recall(db, f"key {value}")
        assert recalled is not None
        assert recalled.startswith(value.split(" ")[0])
    assert store.recall(db, "bad \udcff name".replace("bad", "key bad")) == "bad \udcff name"
    db.close()
