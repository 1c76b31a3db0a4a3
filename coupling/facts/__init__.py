"""Source bytes → FileFacts: ONE parse per file, with the stdlib `ast`.

A file this Python cannot parse but a newer grammar can (PEP 695 generics, PEP 701 f-strings
on Python 3.11) is parsed with libcst instead and yields the same facts. libcst runs in a child
process with a time limit (facts/isolated.py): its crash or hang is a reason the file is
listed with.
"""

from __future__ import annotations

import dataclasses

from coupling.facts.from_ast import PARSE_ERRORS, facts_from_tree, parse_quietly
from coupling.facts.isolated import cst_facts, newer_facts
from coupling.facts.lines import count_lines
from coupling.facts.module_kind import is_generated
from coupling.facts.newer import newer_python
from coupling.records import FileFacts, Parser

PARSE_TIMEOUT = 30.0  # seconds; the settings' parse_timeout is passed in by a scan


def extract_facts(
    source: bytes,
    is_test: bool = False,
    *,
    timeout: float = PARSE_TIMEOUT,
    newer_python: str = "none",
) -> FileFacts:
    """Everything the later stages need from one file's source; a test file's facts also
    list every identifier it mentions (what it exercises). For syntax newer than this Python:
    `newer_python` ("auto", "none" or a path: see facts/newer.py) reads it first, then libcst;
    `timeout`: how long either may take on the file."""
    if encoding := _wide_encoding(source):
        return _unreadable(
            f"encoded as {encoding} (it starts with a byte-order mark): Python reads source "
            "only in ASCII-compatible encodings, even with a coding cookie; save it as UTF-8",
            source,
        )
    lines, code_lines = count_lines(source)
    try:
        tree = parse_quietly(source)
    except PARSE_ERRORS as ast_error:
        parser, facts = _newer_syntax(source, is_test, ast_error, timeout, newer_python)
        if isinstance(facts, str):
            return _unreadable(f"{_describe(ast_error)}; {facts}", source)
        if facts is not None:
            return dataclasses.replace(
                facts,
                lines=lines,
                code_lines=code_lines,
                parser=parser,
                generated=is_generated(source),
            )
        return _unparsed(ast_error, lines, code_lines)
    try:
        return dataclasses.replace(
            facts_from_tree(tree, is_test),
            lines=lines,
            code_lines=code_lines,
            generated=is_generated(source),
        )
    except RecursionError as error:  # a parse tree too deep for the extractors' recursion
        return _unparsed(error, lines, code_lines)


def _newer_syntax(
    source: bytes, is_test: bool, error: Exception, timeout: float, newer: str
) -> tuple[Parser, FileFacts | str | None]:
    """For a syntax error that newer grammar may explain: a newer Python's facts when one is at
    hand and reads it, else libcst's (a reason when libcst crashed or hung). Not after nesting
    errors: libcst's native parser recurses deeper still."""
    if not isinstance(error, SyntaxError) or "too many nested" in str(error.msg):
        return Parser.NONE, None
    python = newer_python(newer)
    if python and (facts := newer_facts(source, is_test, timeout, python)) is not None:
        return Parser.NEWER_AST, facts
    return Parser.LIBCST, cst_facts(source, timeout)


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide_encoding(source: bytes) -> str:
    """UTF-16 or UTF-32 when the source starts with that byte-order mark ("" otherwise)."""
    return next((name for bom, name in _WIDE_BOMS if source.startswith(bom)), "")


def _unreadable(reason: str, source: bytes) -> FileFacts:
    lines, code_lines = count_lines(source)
    return FileFacts(lines=lines, code_lines=code_lines, parser=Parser.NONE, error=reason)


def _unparsed(error: Exception, lines: int, code_lines: int) -> FileFacts:
    return FileFacts(
        lines=lines,
        code_lines=code_lines,
        parser=Parser.NONE,
        error=_describe(error),
        error_line=getattr(error, "lineno", None),
    )


def _describe(error: Exception) -> str:
    if isinstance(error, SyntaxError):
        return f"syntax error: {error.msg}"
    if isinstance(error, ValueError):
        return f"cannot parse: {error}"
    return "cannot parse: nesting too deep"
