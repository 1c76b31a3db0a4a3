"""A newer Python's parser for syntax this one cannot read: found, and giving the facts this
Python's own walk gives."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from coupling.facts import extract_facts
from coupling.facts.isolated import newer_facts
from coupling.facts.newer import newer_python
from coupling.records import Parser
from tests.walk_oracle import package_files, stdlib_files

NEWER = newer_python("auto")
needs_newer = pytest.mark.skipif(NEWER is None, reason="no Python newer than this one here")

# Old syntax: this Python reads it too, so both readings can be compared.
SOURCE = b"""import os
from app.models import User

def f(x):
    if x and os.sep:
        return [y for y in x if y]
    return User.objects.filter(name=x)
"""


def test_none_and_an_older_or_missing_python_find_nothing(tmp_path: Path) -> None:
    assert newer_python("none") is None
    assert newer_python(sys.executable) is None  # this one is not newer than itself
    assert newer_python(str(tmp_path / "python3.99")) is None


@needs_newer
def test_a_newer_python_gives_the_facts_this_one_gives() -> None:
    assert NEWER is not None
    here = extract_facts(SOURCE, is_test=True)
    there = newer_facts(SOURCE, True, 30, NEWER)
    assert there is not None
    assert dataclasses.replace(there, lines=here.lines, code_lines=here.code_lines) == here


@needs_newer
def test_newer_syntax_is_read_with_every_fact() -> None:
    source = b"def first[T](items: list[T]) -> T:\n    if items:\n        return items[0]\n    raise IndexError\nimport os\n"
    facts = extract_facts(source, newer_python="auto")
    assert facts.parser is Parser.NEWER_AST
    assert facts.partial == ()
    assert [f.complexity for f in facts.functions] == [2]
    assert [i.targets for i in facts.imports] == [("os",)]
    assert extract_facts(source).parser is Parser.LIBCST  # without it, libcst reads it


@needs_newer
def test_a_newer_python_reads_real_code_as_this_one_does() -> None:
    """Every file of httpie and a slice of the stdlib (all parse here too): the same facts from
    the newer Python's walk as from this one's (its ast has other fields: 3.13 declares them
    as types, not in docstrings)."""
    assert NEWER is not None
    files = package_files("httpie") + stdlib_files()[::20]
    differing = []
    for path in files:
        source = path.read_bytes()
        here = extract_facts(source)
        if here.parser is not Parser.AST:
            continue
        there = newer_facts(source, False, 30, NEWER)
        if (
            there is None
            or dataclasses.replace(
                there, lines=here.lines, code_lines=here.code_lines, generated=here.generated
            )
            != here
        ):
            differing.append(path)
    assert len(files) > 100
    assert differing == []
