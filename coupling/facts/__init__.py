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
from coupling.model import FileFacts


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
        # Imported here: libcst takes a tenth of a second to load and most scans never need it.
        from coupling.facts.from_cst import facts_from_cst

        facts = facts_from_cst(source)
        if facts is not None:
            return dataclasses.replace(facts, lines=lines, code_lines=code_lines, parser="libcst")
        return FileFacts(
            lines=lines,
            code_lines=code_lines,
            parser="none",
            error=_describe(ast_error),
            error_line=getattr(ast_error, "lineno", None),
        )
    return dataclasses.replace(facts_from_tree(tree, is_test), lines=lines, code_lines=code_lines)


def _describe(error: Exception) -> str:
    if isinstance(error, SyntaxError):
        return f"syntax error: {error.msg}"
    if isinstance(error, ValueError):
        return f"cannot parse: {error}"
    return "cannot parse: nesting too deep for the parser"
