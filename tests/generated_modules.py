"""Random modules for the walk's property tests (hypothesis): nested functions, classes and
control flow, every construct radon counts, multi-line expressions and 3.11 f-strings (whose parts
share one position, so only `ast.walk`'s order breaks their ties)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

NAMES = st.sampled_from(["a", "b", "x", "y", "self", "_", "data", "f"])
IN_FSTRING = st.sampled_from(
    [
        "a",
        "a or b",
        "x if y else z",
        "[i for i in a if i]",
        "g(a, k=b)",
        "a.b.c",
        "(lambda: a and b)",
    ]
)


@st.composite
def expressions(draw: st.DrawFn, depth: int = 2) -> str:
    """An expression, maybe spread over several lines inside brackets."""
    if depth <= 0:
        return draw(
            st.one_of(
                NAMES,
                st.sampled_from(
                    ["1", "None", "'s'", '"""one\ntwo"""', "b'x'", "x.y", "...", "3.5"]
                ),
            )
        )
    sub = expressions(depth - 1)
    a, b, c = draw(sub), draw(sub), draw(sub)
    n = draw(NAMES)
    kind = draw(st.integers(0, 17))
    options = [
        lambda: f"({a} and {b})",
        lambda: f"({a} or {b} or {c})",
        lambda: f"({a} if {b} else {c})",
        lambda: f"[{n} for {n} in {a} if {b} if {c}]",
        lambda: f"{{{n}: {a} for {n} in {b} for _ in {c} if {n}}}",
        lambda: f"({n} async for {n} in {a} if {b})",
        lambda: f"(lambda {n}=({a} or {b}): {c})",
        lambda: f"{draw(NAMES)}({a},\n {n}={b},\n *{c})",
        lambda: f"{draw(NAMES)}({n}={a}, *{b})",  # keyword before a star: fields out of order
        # 3.11 f-strings: no quotes nor newlines inside; all the parts share one position
        lambda: f"f'{{{draw(IN_FSTRING)}!r:>{{{draw(IN_FSTRING)}}}}} text {{{draw(IN_FSTRING)}}}'",
        lambda: f"f'{{{draw(IN_FSTRING)}:>10}}x{{f\"{{{draw(IN_FSTRING)}}}\"}}' 'tail'",
        lambda: f"({a}).attr.method({b})",
        lambda: f"{{**{a}, 'k': {b}}}",
        lambda: f"(not {a})",
        lambda: f"({a} + {b}) * {c}",
        lambda: f"{a}[{b}:{c}]",
        lambda: f"({n} := {a})",
        lambda: f"(yield {a})",
    ]
    return options[kind]()


def _block(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


@st.composite
def statements(draw: st.DrawFn, depth: int = 3) -> list[str]:
    """Some statements (lines without the enclosing indentation)."""
    count = draw(st.integers(1, 3))
    out: list[str] = []
    for _ in range(count):
        out += draw(statement(depth))
    return out


@st.composite
def statement(draw: st.DrawFn, depth: int) -> list[str]:
    """One statement: a simple one, or at depth > 0 one of the compound statements or
    definitions, drawn alike (each compound one as likely as each simple one)."""
    expr = expressions(draw(st.integers(0, 2)))
    choice = draw(st.integers(0, len(_SIMPLE) + (_COMPOUND_KINDS if depth > 0 else 0) - 1))
    if choice < len(_SIMPLE):
        return _SIMPLE[choice](draw, expr)
    choice -= len(_SIMPLE)
    body = statements(depth - 1)
    if choice < _CONTROL_FLOW_KINDS:
        return _control_flow(draw, expr, body, choice)
    return _definition(draw, expr, body, choice - _CONTROL_FLOW_KINDS)


Draw = st.DrawFn
Lines = st.SearchStrategy[list[str]]
Expression = st.SearchStrategy[str]

_SIMPLE: list[Callable[[Draw, Expression], list[str]]] = [
    lambda draw, expr: [f"{draw(NAMES)} = {draw(expr)}"],
    lambda draw, expr: [f"return {draw(expr)}"],
    lambda draw, expr: [f"assert {draw(expr)}, {draw(expr)}"],
    lambda draw, expr: [draw(expr)],
    lambda draw, expr: ["pass"],
    lambda draw, expr: ["'''a docstring\nover lines'''"],
    lambda draw, expr: ["import os.path as p, sys"],
    lambda draw, expr: ["from .m import (a,\n b as c)"],
    lambda draw, expr: [f"raise {draw(expr)}"],
    lambda draw, expr: [f"with {draw(expr)} as {draw(NAMES)}, {draw(expr)}: pass"],
]
_CONTROL_FLOW_KINDS = 10
_DEFINITION_KINDS = 4
_COMPOUND_KINDS = _CONTROL_FLOW_KINDS + _DEFINITION_KINDS


def _control_flow(draw: Draw, expr: Expression, body: Lines, kind: int) -> list[str]:
    """if/elif/else, for and while with or without else, try in its four shapes, with, match."""
    w = _Writer(draw, body)
    shapes: list[Callable[[], list[str]]] = [
        lambda: [
            f"if {draw(expr)}:",
            *w.block(),
            *w.repeated(lambda: f"elif {draw(expr)}:", 0, 2),
            *w.maybe("else:"),
        ],
        lambda: [f"for {draw(NAMES)} in {draw(expr)}:", *w.block(), *w.maybe("else:")],
        lambda: [f"async for {draw(NAMES)} in {draw(expr)}:", *w.block()],
        lambda: [f"while {draw(expr)}:", *w.block(), *w.maybe("else:")],
        lambda: [
            "try:",
            *w.block(),
            *w.repeated(lambda: f"except {draw(NAMES)}:", 1, 3),
            *w.maybe("else:"),
            *w.maybe("finally:"),
        ],
        lambda: ["try:", *w.block(), "except* E:", *w.block()],
        lambda: ["try:", *w.block(), "finally:", *w.block()],
        lambda: [f"with {draw(expr)}:", *w.block()],
        lambda: [f"async with {draw(expr)} as {draw(NAMES)}:", *w.block()],
        lambda: [f"match {draw(expr)}:", *_block(_cases(draw, body))],
    ]
    return shapes[kind]()


class _Writer:
    """Indented blocks of fresh statements, and the clauses that may follow a compound head."""

    def __init__(self, draw: Draw, body: Lines) -> None:
        self.draw = draw
        self.body = body

    def block(self) -> list[str]:
        return _block(self.draw(self.body))

    def maybe(self, clause: str) -> list[str]:
        """An `else:` or `finally:` clause with its block, or nothing."""
        return [clause, *self.block()] if self.draw(st.booleans()) else []

    def repeated(self, head: Callable[[], str], least: int, most: int) -> list[str]:
        """`elif` or `except` clauses, each with its block."""
        count = self.draw(st.integers(least, most))
        return [line for _ in range(count) for line in [head(), *self.block()]]


def _cases(draw: Draw, body: Lines) -> list[str]:
    """Match cases, some with a guard; `_` and bare captures among the patterns."""
    patterns = st.sampled_from(
        ["1", "'s'", "_", "y", "[a, *rest]", "{'k': v}", "P(x=0)", "1 | 2", "(q as r)", "None"]
    )
    return [
        line
        for pattern in draw(st.lists(patterns, min_size=1, max_size=4))
        for line in [
            f"case {pattern}{draw(st.sampled_from(['', ' if a or b']))}:",
            *_block(draw(body)),
        ]
    ]


def _definition(draw: Draw, expr: Expression, body: Lines, kind: int) -> list[str]:
    """A def (async or not, with defaults and annotations that count for nobody) or a class
    (with bases and a metaclass), decorated or not."""
    name = draw(st.sampled_from(["f", "g", "method", "Thing", "_private"]))
    heads: list[Callable[[], str]] = [
        lambda: (
            f"{draw(st.sampled_from(['', 'async ']))}def {name}({draw(NAMES)}=({draw(expr)}),"
            f" *, k=[z for z in {draw(expr)}]) -> ({draw(expr)}):"
        ),
        lambda: f"def {name}():",
        lambda: f"class {name}({draw(expr)}, metaclass=({draw(expr)})):",
        lambda: f"class {name}:",
    ]
    decorated = kind < _DEFINITION_KINDS - 1
    decorators = [f"@{draw(expr)}" for _ in range(draw(st.integers(0, 2)))] if decorated else []
    return [*decorators, heads[kind](), *_block(draw(body))]


@st.composite
def modules(draw: st.DrawFn) -> str:
    """1-4 top-level items, mostly functions and classes (what radon reports), any statement
    otherwise; each nests up to 4 levels."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        depth = draw(st.integers(1, 4))
        kind = draw(st.integers(0, 2))
        if kind == 0:
            head = f"def top({draw(NAMES)}=({draw(expressions(1))})):"
            lines += [head, *_block(draw(statements(depth - 1)))]
        elif kind == 1:
            method = ["def m(self):", *_block(draw(statements(depth - 1)))]
            lines += ["class Top(Base):", *_block(method + draw(statements(depth - 1)))]
        else:
            lines += draw(statement(depth))
    return "\n".join(lines) + "\n"
