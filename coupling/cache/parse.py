"""Parsing the files the cache does not hold: each file's bytes digest, facts and cache row,
in worker processes for many files. Imported only when a file must be parsed."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.cache.codec import to_data
from coupling.cache.store import digest
from coupling.discover.read import read_source
from coupling.facts import extract_facts
from coupling.facts.cst_child import die_with_parent
from coupling.records import FileFacts, Parser

if TYPE_CHECKING:
    from coupling.records import Progress, ReadLimits, SourceFile

POOL_THRESHOLD = 64  # below this many cold files, worker start-up costs more than it saves
# From this many cold files on, workers start as fresh interpreters rather than as forks: a
# fork carries a copy of all the main process holds (40 MiB on Home Assistant, counted again
# in every worker), a fresh worker only the parser; its 0.2 s start is lost in a long parse.
FRESH_WORKERS_FROM = 2000
MAX_BATCH = 64  # files a worker parses before sending their facts back


def _encoded(facts: FileFacts) -> str:
    """A cache row's text: made where the facts are, in the parse workers, so that encoding
    shrinks with more processes rather than waiting in this one."""
    return json.dumps(to_data(facts, compact=True), separators=(",", ":"))


def parse_file(job: tuple[Path, bool, ReadLimits]) -> tuple[str, FileFacts, str]:
    """One file's bytes digest, facts and cache row; a file that cannot be read (not a regular
    file, above the size limit, gone) has no digest and facts that say why."""
    path, is_test, limits = job
    data, reason = read_source(path, limits.max_file_size)
    if data is None:
        facts = FileFacts(parser=Parser.NONE, error=reason)
        return "", facts, _encoded(facts)
    facts = extract_facts(
        data, is_test, timeout=limits.parse_timeout, newer_python=limits.newer_python
    )
    return digest(data), facts, _encoded(facts)


def parsed(
    files: list[SourceFile],
    jobs: int,
    limits: ReadLimits,
    progress: Progress | None,
    *,
    done: int,
    total: int,
) -> Iterator[tuple[str, FileFacts, str]]:
    workers = jobs or os.cpu_count() or 1
    paths = [(file.path, file.is_test, limits) for file in files]
    if workers == 1 or len(paths) < POOL_THRESHOLD:
        yield from _reporting(map(parse_file, paths), progress, done, total)
        return
    # Small batches: a worker holds a batch's facts until it sends them all.
    chunk = max(1, min(MAX_BATCH, len(paths) // (workers * 8)))
    fresh = multiprocessing.get_context("spawn") if len(paths) >= FRESH_WORKERS_FROM else None
    # Workers die with this process: a killed scan leaves no parser running.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=fresh,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        yield from _reporting(pool.map(parse_file, paths, chunksize=chunk), progress, done, total)


def _reporting(
    results: Iterator[tuple[str, FileFacts, str]], progress: Progress | None, done: int, total: int
) -> Iterator[tuple[str, FileFacts, str]]:
    for result in results:
        done += 1
        if progress:
            progress(done, total)
        yield result
