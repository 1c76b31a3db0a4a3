"""The complexity rules of coupling/facts/traverse.py, one example each: the figure is written
out, and radon (the oracle) and the walk must both give it. Then the pieces of the traversal:
the generated child getters against `ast.iter_child_nodes`, node types built after import."""

from __future__ import annotations

import ast
import textwrap
from itertools import islice

import pytest

from coupling.facts.nodes import walk
from coupling.facts.traverse import CHILDREN, children_getter, generic_children
from coupling.records import FunctionComplexity
from tests.walk_oracle import parsed, radon, stdlib_files

F = FunctionComplexity

CASES: list[tuple[str, str, list[FunctionComplexity]]] = [
    ("base: 1", "def f():\n    pass\n", [F("f", 1, 2, 1)]),
    (
        "if/elif +1 each, else 0",
        """
        def f(x):
            if x:
                pass
            elif y:
                pass
            else:
                pass
        """,
        [F("f", 1, 7, 3)],
    ),
    ("IfExp +1", "def f():\n    return a if b else c\n", [F("f", 1, 2, 2)]),
    (
        "for/while +1, +1 with else; async for too",
        """
        async def f():
            for a in b:
                pass
            else:
                pass
            while c:
                pass
            async for d in e:
                pass
        """,
        [F("f", 1, 9, 5)],
    ),
    (
        "try: +1 per handler, +1 with else, finally 0",
        """
        def f():
            try:
                pass
            except A:
                pass
            except B:
                pass
            else:
                pass
            finally:
                pass
        """,
        [F("f", 1, 11, 4)],
    ),
    (
        "try/except* (TryStar) counts nothing",
        """
        def f():
            try:
                pass
            except* A:
                pass
        """,
        [F("f", 1, 5, 1)],
    ),
    (
        "with, async with, lambda, return, raise: 0",
        """
        async def f():
            with a:
                async with b:
                    g = lambda: 1
                    raise c
        """,
        [F("f", 1, 5, 1)],
    ),
    (
        "BoolOp: operands - 1; nested BoolOps each",
        "def f():\n    return a and b and c or d\n",
        [F("f", 1, 2, 4)],
    ),
    (
        "comprehension: +1 per for, +1 per if",
        """
        def f():
            return [x for x in y if x if z for w in x], {k: v for k, v in d}, (g for g in h)
        """,
        [F("f", 1, 2, 7)],
    ),
    (
        "lambda bodies count for the enclosing function",
        """
        def f():
            return lambda x: x if x else (a or b)
        """,
        [F("f", 1, 2, 3)],
    ),
    (
        "assert +1, nothing inside it counts",
        """
        def f():
            assert a or b or (c if d else e), [x for x in y]
            pass
        """,
        [F("f", 1, 3, 2)],
    ),
    (
        "match: +1 per case, -1 once if a case is a bare capture or _",
        """
        def f():
            match x:
                case 1:
                    pass
                case [a, *_] if a or b:
                    pass
                case y:
                    pass
                case _:
                    pass
        """,
        [F("f", 1, 10, 5)],
    ),
    (
        "match with only _ adds 0",
        "def f():\n    match x:\n        case _:\n            pass\n",
        [F("f", 1, 4, 1)],
    ),
    (
        "decorators, defaults, annotations count for nobody",
        """
        @d(a if b else c)
        def f(x=a or b, *, y=[z for z in w]) -> (c and d):
            pass
        """,
        [F("f", 2, 3, 1)],
    ),
    (
        "closures: not reported, not counted in the parent",
        """
        def f():
            if a:
                pass
            def g():
                if b:
                    pass
            return g
        """,
        [F("f", 1, 7, 2)],
    ),
    (
        "classes: methods are Class.method; class-level code counts for no function",
        """
        class A:
            x = a if b else c
            def m(self):
                return 1 if self else 2
            if flag:
                def n(self):
                    pass
        """,
        [F("A.m", 3, 4, 2), F("A.n", 6, 7, 1)],
    ),
    (
        "inner classes and functions inside functions: not reported",
        """
        class A:
            class B:
                def m(self):
                    pass
        def f():
            class C:
                def m(self):
                    pass
            return C
        """,
        [F("f", 5, 9, 1)],
    ),
    (
        "defs under module-level if/try/with are reported",
        """
        if x:
            def f():
                pass
        try:
            def g():
                pass
        except E:
            class K:
                def m(self):
                    pass
        """,
        [F("f", 2, 3, 1), F("g", 5, 6, 1), F("K.m", 9, 10, 1)],
    ),
    (
        "end line: last statement a def -> the def's own line",
        """
        def f():
            x = 1
            def g():
                pass
        """,
        [F("f", 1, 1, 1)],
    ),
    (
        "end line: last statement a class or an assert -> own line",
        """
        def f():
            x = 1
            class C:
                pass
        def g():
            x = 1
            assert (x or
                    y)
        """,
        [F("f", 1, 1, 1), F("g", 5, 5, 2)],
    ),
    (
        "end line: greatest START line of a node in the last statement",
        """
        def f():
            return (a,
                    b,
                    c)
        def g():
            x = '''one
        two
        three'''
        def h():
            if a:
                pass
            else:
                def k():
                    return 1
        """,
        [F("f", 1, 4, 1), F("g", 5, 6, 1), F("h", 9, 11, 2)],
    ),
    (
        "sorted by (line, name)",
        """
        class B:
            def z(self): pass
            def a(self): pass
        def f(): pass
        class A:
            def m(self): pass
        """,
        [F("B.z", 2, 2, 1), F("B.a", 3, 3, 1), F("f", 4, 4, 1), F("A.m", 6, 6, 1)],
    ),
]


@pytest.mark.parametrize(("rule", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule: str, source: str, expected: list[FunctionComplexity]) -> None:
    tree = ast.parse(textwrap.dedent(source).lstrip("\n"))
    assert radon(tree) == tuple(expected), "radon counts otherwise: re-read its visitor"
    assert walk(tree).complexity == tuple(expected)


def test_child_getters_give_iter_child_nodes_on_a_slice_of_the_stdlib() -> None:
    """The getters generated from the ASDL signatures give `ast.iter_child_nodes`, in its
    order, the shared ctx and operator leaves aside (every node type the stdlib uses)."""
    seen: set[type[ast.AST]] = set()
    for path in islice(stdlib_files(), 0, None, 10):
        tree = parsed(path)
        for node in ast.walk(tree) if tree is not None else ():
            getter = CHILDREN.get(type(node), generic_children)
            found = list(getter(node)) if getter is not None else []
            assert found == generic_children(node), (path, type(node).__name__)
            seen.add(type(node))
    assert len(seen) > 80


class _Renamed(ast.Name):
    """A node type the walk's tables were not built with."""


def test_a_node_type_built_after_import_is_learnt_on_first_sight() -> None:
    tree = ast.parse("def f():\n    return g(a or b)\n")
    call = tree.body[0].body[0].value  # type: ignore[attr-defined]
    renamed = _Renamed(id="renamed", ctx=ast.Load())
    ast.copy_location(renamed, call.func)
    call.func = renamed
    nodes = walk(tree)
    assert "renamed" in nodes.identifiers
    assert children_getter(_Renamed) is CHILDREN[_Renamed]
    assert nodes.complexity == (FunctionComplexity("f", 1, 2, 2),)
