"""A git revision exported to a temporary folder (`git archive`), so that `coupling diff`
can analyse it without touching the user's working tree, index or stash."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from coupling.discover.units import UNIT_CONFIGS
from coupling.discover.walk import SOURCE_SUFFIXES
from coupling.errors import InputError
from coupling.records import Snapshot

if TYPE_CHECKING:
    import tarfile

_TIMEOUT = 600  # seconds; an archive of a big repository takes a few
# What a scan reads of a revision: the files its walk looks at and the configs that may name
# units. Translations, templates and assets are not written out: Django's 3,700 files and
# 4,900 folders become 900 files.


def export_revision(
    inside: Path, revision: str, into: Path, also: tuple[Path, ...] = ()
) -> Snapshot:
    """What a scan of `inside` reads of `revision` (sources, unit configs, the files `also`
    names), exported below `into` from the repository holding `inside`; `inside` itself is
    made when the revision has it, even without a source in it."""
    top = Path(_git(inside, "rev-parse", "--show-toplevel", problem=_not_a_repository))
    commit = _git(
        top,
        "rev-parse",
        "--verify",
        "--end-of-options",
        f"{revision}^{{commit}}",
        problem=lambda _said: f"unknown revision {revision!r}: give a commit, branch or tag",
    )
    short, day = _git(top, "show", "-s", "--format=%h %cs", commit, problem=str).split()
    into.mkdir(parents=True)
    below = inside.resolve()
    scanned = below.relative_to(top).as_posix() if below.is_relative_to(top) else ""
    wanted = frozenset(
        f.resolve().relative_to(top).as_posix() for f in also if f.resolve().is_relative_to(top)
    )
    import tarfile  # here: only `coupling diff` exports, and `coupling check` loads this module

    try:
        with subprocess.Popen(
            ["git", "archive", "--format=tar", commit], cwd=top, stdout=subprocess.PIPE
        ) as process:
            assert process.stdout is not None
            with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
                _extract(archive, into, wanted, scanned)
            failed = process.wait(timeout=_TIMEOUT)
    except (OSError, subprocess.SubprocessError, tarfile.TarError) as exc:
        raise InputError(f"cannot export {revision}: {exc}", path=top) from exc
    if failed:
        raise InputError(f"cannot export {revision}: git archive failed", path=top)
    return Snapshot(top=top, root=into, label=f"{revision} ({short}, {day})")


def _extract(
    archive: tarfile.TarFile, into: Path, wanted: frozenset[str] = frozenset(), scanned: str = ""
) -> None:
    """The regular files a scan reads (sources, unit configs, `wanted` by path), each inside
    `into`, with the folders that hold them and the `scanned` folder: no links (a link could
    lead a later member out of the folder), no devices, no modes. Written here rather than by
    tarfile's "data" filter, which resolves every member's real path: 5x slower on Django."""
    made: set[str] = set()
    for member in archive:
        parts = PurePosixPath(member.name).parts
        if member.name.startswith("/") or ".." in parts or not parts:
            continue
        if member.isdir() and "/".join(parts) == scanned:
            os.makedirs(os.path.join(into, *parts), exist_ok=True)  # noqa: PTH103, PTH118
            continue
        name = parts[-1]
        if not (name.endswith(SOURCE_SUFFIXES) or name in UNIT_CONFIGS or member.name in wanted):
            continue
        target = os.path.join(into, *parts)  # noqa: PTH118 - str paths for speed
        if member.isfile() and (content := archive.extractfile(member)) is not None:
            parent = os.path.dirname(target)  # noqa: PTH120
            if parent not in made:
                os.makedirs(parent, exist_ok=True)  # noqa: PTH103
                made.add(parent)
            with open(target, "wb") as written:  # noqa: PTH123
                shutil.copyfileobj(content, written)


def _not_a_repository(_said: str) -> str:
    return "not inside a git repository; coupling diff compares two git revisions"


def _git(folder: Path, *args: str, problem: Callable[[str], str]) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(f"cannot run git ({exc}); install git", path=folder) from exc
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[:1]
        raise InputError(problem(said[0] if said else "git failed"), path=folder)
    return done.stdout.strip()
