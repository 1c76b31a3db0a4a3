"""Source in, facts out: every import spelling, where it sits, and the definitions around it."""

from __future__ import annotations

import pytest

from coupling.records import Definition, DefinitionKind, ImportFact
from tests.support import facts_of, targets_of


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import a", [("a",)]),
        ("import a.b.c", [("a.b.c",)]),
        ("import a, b as bee", [("a", "b")]),
        ("from a import b", [("a.b",)]),
        ("from a.b import c, d as dee", [("a.b.c", "a.b.d")]),
        ("from . import x", [(".x",)]),
        ("from .. import x", [("..x",)]),
        ("from .m import x", [(".m.x",)]),
        ("from ..pkg.m import x", [("..pkg.m.x",)]),
        ("from a import *", [("a.*",)]),
        ("from a import (\n    b,\n    c,\n)", [("a.b", "a.c")]),
        ("import a; from b import c", [("a",), ("b.c",)]),
        ("x = 'import a'\n'''\nimport b\n'''", []),
    ],
)
def test_import_spellings(source: str, expected: list[tuple[str, ...]]) -> None:
    assert targets_of(source) == expected


def test_names_are_what_the_statement_binds() -> None:
    assert [
        f.names
        for f in facts_of("from users.models import User, Role as R\nimport billing.models").imports
    ] == [
        ("User", "Role"),
        ("billing.models",),
    ]


def test_line_numbers_are_the_statement_start() -> None:
    assert [f.line for f in facts_of("\n\nfrom a import (\n    b,\n)\nimport c\n").imports] == [
        3,
        6,
    ]


def test_type_checking_guard_by_name_and_attribute() -> None:
    facts = facts_of(
        """
        from typing import TYPE_CHECKING
        import typing
        if TYPE_CHECKING:
            from a import A
        if typing.TYPE_CHECKING:
            import b
        else:
            import c
        """
    )
    assert [(f.targets, f.type_checking) for f in facts.imports] == [
        (("typing.TYPE_CHECKING",), False),
        (("typing",), False),
        (("a.A",), True),
        (("b",), True),
        (("c",), False),
    ]


def test_imports_inside_functions_methods_and_nested_blocks() -> None:
    facts = facts_of(
        """
        def f():
            for x in y:
                with z:
                    import a
        class C:
            import b
            async def m(self):
                if x:
                    import c
        """
    )
    assert [(f.targets[0], f.in_function) for f in facts.imports] == [
        ("a", True),
        ("b", False),
        ("c", True),
    ]


def test_try_body_and_handlers_are_in_try_but_else_and_finally_are_not() -> None:
    facts = facts_of(
        """
        try:
            import orjson as json
        except ImportError:
            import json
        else:
            import a
        finally:
            import b
        """
    )
    assert [(f.targets[0], f.in_try) for f in facts.imports] == [
        ("orjson", True),
        ("json", True),
        ("a", False),
        ("b", False),
    ]


def test_match_and_while_bodies_are_searched() -> None:
    source = (
        "match v:\n    case 1:\n        import a\nwhile x:\n    import b\nelse:\n    import c\n"
    )
    assert targets_of(source) == [("a",), ("b",), ("c",)]


def test_top_level_definitions_only() -> None:
    facts = facts_of(
        """
        X = 1
        y: int = 2
        a, b = 3, 4
        def public(): pass
        async def _private(): pass
        class K:
            inner = 1
            def method(self): pass
        """
    )
    assert [(d.name, d.kind) for d in facts.definitions] == [
        ("X", "variable"),
        ("y", "variable"),
        ("public", "function"),
        ("_private", "function"),
        ("K", "class"),
    ]


@pytest.mark.parametrize(
    ("source", "abstract"),
    [
        ("class A(ABC): pass", True),
        ("class A(abc.ABC): pass", True),
        ("class A(metaclass=ABCMeta): pass", True),
        ("class A(Base):\n    @abstractmethod\n    def f(self): ...", True),
        ("class A(Base):\n    @abc.abstractmethod\n    def f(self): ...", True),
        ("class A(Protocol): pass", True),
        ("class A(typing.Protocol[T]): pass", True),
        ("class A(Base): pass", False),
        ("class ABCThing(Base): pass", False),
        ("class A(MyABCMixin): pass", False),
    ],
)
def test_abstract_classes_and_protocols(source: str, abstract: bool) -> None:
    (definition,) = facts_of(source).definitions
    assert definition.abstract == abstract


def test_line_counts_skip_blank_and_comment_lines() -> None:
    facts = facts_of("# header\n\nimport a\n\n    # indented comment\nx = 1  # trailing\n")
    assert (facts.lines, facts.code_lines) == (6, 2)


def test_empty_file() -> None:
    facts = facts_of("")
    assert (facts.lines, facts.imports, facts.parser) == (0, (), "ast")


NEWER_SYNTAX = """
from users.models import User
type UserId = int

def first[T](items: list[T]) -> T:
    from billing import invoices
    return items[0]

class Box[T](Protocol):
    pass

label = f"{'nested' + f"{'deep'}"}"
"""

SAME_WITHOUT_NEWER_SYNTAX = """
from users.models import User
UserId = int

def first(items):
    from billing import invoices
    return items[0]

class Box(Protocol):
    pass

label = "nested"
"""


def test_syntax_newer_than_this_python_falls_back_to_libcst_with_the_same_facts() -> None:
    newer, plain = facts_of(NEWER_SYNTAX), facts_of(SAME_WITHOUT_NEWER_SYNTAX)
    assert (newer.parser, plain.parser) == ("libcst", "ast")
    assert newer.imports == plain.imports
    assert newer.definitions == plain.definitions
    assert newer.imports[1] == ImportFact(
        line=6, targets=("billing.invoices",), names=("invoices",), in_function=True, end_line=6
    )


def test_libcst_path_tracks_type_checking_try_and_relative_imports() -> None:
    source = NEWER_SYNTAX + (
        "if TYPE_CHECKING:\n    from . import sibling\ntry:\n    import a\nexcept ImportError:\n"
        "    from .. import b\nelse:\n    import c\nfrom x import *\n"
    )
    tail = facts_of(source).imports[2:]
    assert [(f.targets, f.type_checking, f.in_try) for f in tail] == [
        ((".sibling",), True, False),
        (("a",), False, True),
        (("..b",), False, True),
        (("c",), False, False),
        (("x.*",), False, False),
    ]
    assert facts_of(source).definitions[-1] == Definition("label", DefinitionKind.VARIABLE, 12)


def test_a_file_neither_parser_reads_is_an_error_with_its_line() -> None:
    facts = facts_of("import a\n\ndef broken(:\n    pass\n")
    assert (facts.parser, facts.error_line, facts.imports) == ("none", 3, ())
    assert facts.error is not None and facts.error.startswith("syntax error")
    assert facts.lines == 4


def test_null_bytes_and_bad_encodings_are_errors_not_crashes() -> None:
    from coupling.facts import extract_facts

    assert extract_facts(b"import a\x00\n").parser == "none"
    latin1 = extract_facts("x = 'caf\u00e9'\n".encode("latin-1"))
    assert latin1.parser == "none" and latin1.error


def test_an_encoding_cookie_is_honoured() -> None:
    from coupling.facts import extract_facts

    facts = extract_facts("# -*- coding: latin-1 -*-\nimport caf\u00e9\n".encode("latin-1"))
    assert facts.imports[0].targets == ("caf\u00e9",)


def test_an_import_knows_the_lines_it_spans() -> None:
    facts = facts_of("from a import (\n    b,\n    c,\n)\nimport d\n")
    assert [(f.line, f.end_line) for f in facts.imports] == [(1, 4), (5, 5)]
