"""The libcst fallback in a child process: its crash, hang or failure is a reason, not an end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coupling.facts import extract_facts, isolated
from coupling.facts.isolated import cst_facts
from coupling.records import FileFacts, Parser

NEWER = b"type Alias = list[int]\nimport os\n"


@pytest.fixture(autouse=True)
def fresh_child() -> Iterator[None]:
    """Each test starts its own child (a process keeps one between files)."""
    isolated.stop_children()
    yield
    isolated.stop_children()


def test_one_child_serves_file_after_file() -> None:
    first = cst_facts(NEWER, 30)
    children = dict(isolated._children)
    assert len(children) == 1
    assert cst_facts(b"def (:\n", 30) is None
    assert cst_facts(NEWER, 30) == first
    assert isolated._children == children  # the same process answered all three


def test_the_child_gives_the_facts_of_newer_syntax() -> None:
    facts = cst_facts(NEWER, 30)
    assert isinstance(facts, FileFacts)
    assert [fact.targets for fact in facts.imports] == [("os",)]
    assert cst_facts(b"def (:\n", 30) is None  # libcst cannot parse it either


@pytest.mark.parametrize(
    ("child", "said"),
    [
        ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", "crashed (SIGSEGV)"),
        ("import time; time.sleep(30)", "gave no answer within 0.5 s (parse_timeout)"),
        ("raise SystemExit('out of memory')", "failed (exit 1: out of memory)"),
        ("import sys; sys.stdout.write('not a pickle')", "gave an unreadable answer"),
    ],
)
def test_a_child_that_dies_hangs_or_babbles_is_a_reason(
    monkeypatch: pytest.MonkeyPatch, child: str, said: str
) -> None:
    monkeypatch.setattr(isolated, "_CHILD", child)
    reason = cst_facts(NEWER, 0.5)
    assert isinstance(reason, str)
    assert said in reason
    facts = extract_facts(NEWER, timeout=0.5)
    assert facts.parser is Parser.NONE
    assert facts.error is not None
    assert facts.error.startswith("syntax error: ")
    assert said in facts.error


@pytest.mark.parametrize(
    ("source", "encoding"),
    [
        ("import os\n".encode("utf-16"), "UTF-16"),
        ("import os\n".encode("utf-16-be"), ""),
        (b"\xfe\xff" + "import os\n".encode("utf-16-be"), "UTF-16"),
        ("import os\n".encode("utf-32"), "UTF-32"),
    ],
)
def test_wide_encodings_are_named(source: bytes, encoding: str) -> None:
    facts = extract_facts(source)
    assert facts.parser is Parser.NONE
    assert facts.error is not None
    if encoding:
        assert facts.error.startswith(f"encoded as {encoding} (it starts with a byte-order mark)")
    else:
        assert "null bytes" in facts.error
