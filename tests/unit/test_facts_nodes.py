"""The one walk of a tree against its oracles: radon for the complexity of every function, the
`ast.walk` lists for the nodes. On random modules (hypothesis), on trees deeper than any
recursion limit, and on every function of real code: `make test` compares httpie and a quarter
of the stdlib, `pytest -m corpus` all of the stdlib, httpie, django-oscar and Django."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings

from coupling.facts import extract_facts
from coupling.facts.nodes import walk
from coupling.records import FunctionComplexity
from tests.generated_modules import modules
from tests.walk_oracle import (
    nodes_differences,
    package_files,
    parsed,
    radon,
    radon_deep,
    stdlib_files,
)

AnyNode = TypeVar("AnyNode", bound=ast.AST)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(modules())
def test_generated_modules(source: str) -> None:
    tree = ast.parse(source)
    nodes = walk(tree)
    assert nodes.complexity == radon(tree)
    assert nodes_differences(nodes, tree) == []


def _deep_module(depth: int) -> ast.Module:
    """def f(): return (a or b) + (a or b) + ... : a left-deep BinOp chain `depth` long, built
    by hand (ast.parse refuses trees this deep), 50 links a line."""
    expression: ast.expr = _a_or_b(2)
    for link in range(depth):
        line = 2 + link // 50
        expression = _at(ast.BinOp(expression, ast.Add(), _a_or_b(line)), line)
    arguments = ast.arguments([], [], None, [], [], None, [])
    body: list[ast.stmt] = [_at(ast.Return(expression), 2)]
    return ast.Module([_at(ast.FunctionDef("f", arguments, body, [], None), 1)], [])


def _a_or_b(line: int) -> ast.BoolOp:
    names: list[ast.expr] = [_at(ast.Name(name, ast.Load()), line) for name in "ab"]
    return _at(ast.BoolOp(ast.Or(), names), line)


def _at(node: AnyNode, line: int) -> AnyNode:
    """`node`, placed on `line`."""
    return ast.copy_location(
        node, ast.Pass(lineno=line, col_offset=4, end_lineno=line, end_col_offset=5)
    )


def test_a_tree_deeper_than_the_recursion_limit() -> None:
    """radon gives up (RecursionError); the walk gives what radon says on a deep enough stack."""
    depth = 3 * sys.getrecursionlimit()
    tree = _deep_module(depth)
    assert radon(tree) is None
    expected = radon_deep(tree)
    assert expected == (FunctionComplexity("f", 1, 2 + (depth - 1) // 50, 2 + depth),)
    nodes = walk(tree)
    assert nodes.complexity == expected
    assert nodes_differences(nodes, tree) == []


def test_a_parsed_file_radon_gives_up_on_has_its_complexity() -> None:
    """As deep as ast.parse goes on 3.11: radon gave up past ~330 levels, and the file's facts
    were partial; the walk measures it."""
    source = "def f():\n    return " + "+".join(["(a or b)"] * 2000) + "\n"
    tree = ast.parse(source)
    assert radon(tree) is None
    facts = extract_facts(source.encode())
    assert facts.functions == radon_deep(tree)
    assert facts.partial == ()


# -- Real code.


@dataclass
class Compared:
    files: int = 0
    unparsed: int = 0  # not Python 3.11 syntax (the stdlib's lib2to3 test data...)
    deep: int = 0  # radon gave up: compared with radon on a deep stack
    functions: int = 0
    mismatches: list[str] = field(default_factory=list)


def _compare(files: list[Path]) -> Compared:
    """Every file: the walk's complexity against radon's, function for function, and its node
    lists against `ast.walk`'s."""
    compared = Compared()
    for path in files:
        tree = parsed(path)
        if tree is None:
            compared.unparsed += 1
            continue
        expected = radon(tree)
        if expected is None:
            compared.deep += 1
            expected = radon_deep(tree)
        nodes = walk(tree)
        compared.files += 1
        compared.functions += len(expected)
        if nodes.complexity != expected:
            compared.mismatches.append(f"{path}: complexity")
        if differences := nodes_differences(nodes, tree):
            compared.mismatches.append(f"{path}: {differences}")
    print(f"compared {compared}")  # the figures, under `pytest -s`
    return compared


CORPORA: dict[str, Callable[[], list[Path]]] = {
    "stdlib": stdlib_files,
    "httpie": lambda: package_files("httpie"),
    "django-oscar": lambda: package_files("oscar"),
    "django": lambda: package_files("django"),
}


@pytest.mark.parametrize(
    ("name", "step"), [("httpie", 1), ("stdlib", 4)], ids=["httpie", "a quarter of the stdlib"]
)
def test_the_walk_equals_its_oracles_on_real_code(name: str, step: int) -> None:
    files = list(islice(CORPORA[name](), 0, None, step))
    compared = _compare(files)
    assert compared.mismatches == []
    assert compared.unparsed <= len(files) // 10 and compared.functions > len(files)


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CORPORA))
def test_the_walk_equals_its_oracles_on_every_file(name: str) -> None:
    files = CORPORA[name]()
    compared = _compare(files)
    assert compared.mismatches == []
    assert compared.unparsed <= len(files) // 10 and compared.functions > len(files)
