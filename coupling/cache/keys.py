"""The keys of whole results in the cache: what a result depends on, and the cycle shape of
a PATH's last run."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from coupling import __version__
from coupling.cache.codec import from_data, to_data
from coupling.records import History

if TYPE_CHECKING:
    from coupling.cache.session import CacheSession
    from coupling.records import CycleShape, Inputs, Project, Settings


def result_key(
    settings: Settings, project: Project, inputs: Inputs, digests: Mapping[str, str] | None
) -> str | None:
    """What a result depends on: this version, the settings, the project's shape, every
    file's facts (not its bytes: an edit that changes no fact changes no result), the inputs."""
    if digests is None:
        return None
    neutral = dataclasses.replace(settings, out=Path(), jobs=0, cache=True)
    if inputs.history.head:
        # The history git logged from commit `head` follows from that commit and from what
        # this key holds already (the settings, every file's unit): the commit stands for it,
        # rather than thousands of figures encoded on every check.
        history = inputs.history
        inputs = dataclasses.replace(
            inputs, history=History(history.source, note=history.note, head=history.head)
        )
    shape = dataclasses.replace(project, files=(), test_files=())
    files = [
        (f.rel, f.module, f.unit, f.is_package, f.is_test, digests[f.rel])
        for f in project.files + project.test_files
    ]
    parts = [__version__, to_data(neutral), to_data(shape), files, to_data(inputs)]
    return (
        "result:"
        + hashlib.blake2b(json.dumps(parts, sort_keys=True).encode(), digest_size=20).hexdigest()
    )


def known_shape(cache: CacheSession, project: Project) -> CycleShape | None:
    """The cycle shape of this PATH's last run: measure reuses it when imports kept theirs."""
    stored = cache.recall(_shape_key(project))
    if stored is None:
        return None
    try:
        from coupling.records import CycleShape  # only when a shape is stored

        return from_data(CycleShape, json.loads(stored))
    except (ValueError, KeyError, TypeError, RecursionError):
        return None


def _shape_key(project: Project) -> str:
    return f"shape:{project.scan_path}:{project.depth}"


def remember_shape(cache: CacheSession, project: Project, shape: CycleShape) -> None:
    cache.remember(_shape_key(project), json.dumps(to_data(shape)))
