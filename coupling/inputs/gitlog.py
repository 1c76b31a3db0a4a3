"""`git log --numstat` output, read as a stream: from one git call, or from a saved file.

The default (medium) format, as `git log --numstat` prints it and a user saves it:

    commit <sha>
    Merge: <sha> <sha>            (merges are skipped)
    Author: Name <email>
    Date:   <date>

        message lines, indented

    <added>\t<deleted>\t<path>    (path may be "a => b" or "dir/{a => b}/f" for a rename)
"""

from __future__ import annotations

import codecs
import re
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from coupling.errors import InputError

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

T = TypeVar("T")

_AUTHOR = re.compile(r"^Author:\s*(.*?)\s*<([^>]*)>\s*$")
_BRACES = re.compile(r"^(.*)\{(.*) => (.*)\}(.*)$")


@dataclass(frozen=True)
class Change:
    path: str
    added: int
    deleted: int
    renamed_from: str = ""


@dataclass
class Commit:
    author: str = ""
    email: str = ""
    date: str = ""
    merge: bool = False
    changes: list[Change] = field(default_factory=list)


class LogReading(Generic[T]):
    """One `git log` run from commit `head` in `folder` (paths relative to it), its lines read
    by `read` in a thread while the caller goes on: over a long history git takes as long as
    parsing the code does, and a cold scan parses meanwhile. No lines when git cannot run."""

    def __init__(
        self, folder: Path, since: str, head: str, read: Callable[[Iterable[str]], T]
    ) -> None:
        # Loaded here: a warm check recalls the history and starts no thread.
        from concurrent.futures import ThreadPoolExecutor

        self._process = _started_log(folder, since, head)
        self._pool: ThreadPoolExecutor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="git-log"
        )
        self._read = self._pool.submit(_lines_read, self._process, read)

    def result(self) -> T:
        """What `read` made of the lines, once git is done (its exception, if it raised)."""
        try:
            return self._read.result()
        finally:
            self._pool.shutdown()

    def cancel(self) -> None:
        """Stop git and the reading (the caller failed or was interrupted)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        self._pool.shutdown(cancel_futures=True)


def _lines_read(process: subprocess.Popen[str] | None, read: Callable[[Iterable[str]], T]) -> T:
    if process is None:
        return read(())
    assert process.stdout is not None
    with process:
        return read(process.stdout)


def _started_log(folder: Path, since: str, head: str) -> subprocess.Popen[str] | None:
    command = [
        "git",
        "-c",
        "core.quotePath=false",
        "log",
        "--numstat",
        "--no-merges",
        "-M",
        "--relative",
        "--date=iso-strict",
        "--pretty=medium",
        "--no-color",
    ]
    if since:
        command.append(f"--since={since}")
    command += ["--end-of-options", head]
    try:
        return subprocess.Popen(
            command,
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            encoding="utf-8",
            errors="replace",
        )
    except OSError:
        return None


def git_head(folder: Path, revision: str = "HEAD") -> str:
    """The commit `revision` names (HEAD by default), or "" when git cannot say."""
    done = _rev_parse(folder, "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    return done.stdout.strip() if done is not None and done.returncode == 0 else ""


def _rev_parse(folder: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    """`git rev-parse ARGS` run in `folder`; None when git cannot run."""
    try:
        return subprocess.run(
            ["git", "rev-parse", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def git_refusal(folder: Path) -> str:
    """Why git will not read the repository at `folder`, when it is the ownership check
    (a checkout owned by another user, as in containers and CI): what to run; else ""."""
    done = _rev_parse(folder, "--git-dir")
    if done is None or done.returncode == 0 or "dubious ownership" not in done.stderr:
        return ""
    # git names the repository's top folder in the command it suggests.
    suggested = [line.strip() for line in done.stderr.splitlines() if "safe.directory" in line]
    command = suggested[-1] if suggested else f"git config --global --add safe.directory {folder}"
    return (
        "git refuses the repository: it belongs to another user (dubious ownership); trust it "
        f"with `{command}`"
    )


def log_file(path: Path) -> Iterator[str]:
    try:
        with path.open(encoding="utf-8", errors="replace") as stream:
            yield from stream
    except OSError as exc:
        raise InputError(f"cannot read history file: {exc.strerror or exc}", path=path) from exc


def commits(lines: Iterable[str]) -> Iterator[Commit]:
    """Commits in the order the log gives them (newest first), merges included and marked."""
    current: Commit | None = None
    for raw in lines:
        line = raw.rstrip("\n")
        if line.startswith("commit "):
            if current is not None:
                yield current
            current = Commit()
        elif current is None or line.startswith("    "):
            continue  # before the first commit, or the message
        elif line.startswith("Merge:"):
            current.merge = True
        elif match := _AUTHOR.match(line):
            current.author, current.email = match.group(1), match.group(2)
        elif line.startswith("Date:"):
            current.date = line[5:].strip()
        elif "\t" in line and (change := _change(line)) is not None:
            current.changes.append(change)
    if current is not None:
        yield current


def _change(line: str) -> Change | None:
    added, deleted, path = [*line.split("\t", 2), "", ""][:3]
    if (
        not path
        or not (added.isdigit() or added == "-")
        or not (deleted.isdigit() or deleted == "-")
    ):
        return None
    new, old = _rename(_unquote(path))
    # A binary file shows "-": it changed, with no lines to count.
    return Change(
        new, int(added) if added.isdigit() else 0, int(deleted) if deleted.isdigit() else 0, old
    )


def _rename(path: str) -> tuple[str, str]:
    """("new", "old") for "dir/{a => b}/f" and "a => b"; (path, "") otherwise."""
    if match := _BRACES.match(path):
        before, old, new, after = match.groups()
        return _join(before, new, after), _join(before, old, after)
    if " => " in path:
        old, new = path.split(" => ", 1)
        return new, old
    return path, ""


def _join(before: str, middle: str, after: str) -> str:
    # "src/{ => sub}/x.py" leaves "src//x.py" for the old side.
    return re.sub("/{2,}", "/", before + middle + after)


def _unquote(path: str) -> str:
    """Git quotes paths with special characters C-style ("caf\\303\\251.py")."""
    if len(path) < 2 or not (path.startswith('"') and path.endswith('"')):
        return path
    raw = codecs.escape_decode(path[1:-1].encode("utf-8"))[0]
    return raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
