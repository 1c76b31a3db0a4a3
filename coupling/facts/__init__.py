"""Source bytes → FileFacts: ONE parse per file, with the stdlib `ast`.

A file this Python cannot parse but a newer grammar can (PEP 695 generics, PEP 701 f-strings
on Python 3.11) is parsed with libcst instead and yields the same facts.
"""

from __future__ import annotations

import ast
import dataclasses
import warnings

from coupling.facts.from_ast import facts_from_tree
from coupling.facts.lines import count_lines
from coupling.facts.module_kind import is_generated
from coupling.records import FileFacts, Parser


def extract_facts(source: bytes, is_test: bool = False) -> FileFacts:
    """Everything the later stages need from one file's source; a test file's facts also
    list every identifier it mentions (what it exercises)."""
    lines, code_lines = count_lines(source)
    try:
        with warnings.catch_warnings():
            # Invalid escape sequences and the like are the analysed code's business.
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as ast_error:
        facts = _newer_syntax(source, ast_error)
        if facts is not None:
            return dataclasses.replace(
                facts,
                lines=lines,
                code_lines=code_lines,
                parser=Parser.LIBCST,
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


def _newer_syntax(source: bytes, error: Exception) -> FileFacts | None:
    """libcst's facts, for a syntax error that newer grammar may explain. Not after nesting
    errors: libcst's native parser recurses deeper still and can crash the process."""
    if not isinstance(error, SyntaxError) or "too many nested" in str(error.msg):
        return None
    # Imported here: libcst takes a tenth of a second to load and most scans never need it.
    from coupling.facts.from_cst import facts_from_cst

    return facts_from_cst(source)


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
