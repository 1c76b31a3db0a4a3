"""What `coupling.facts.nodes.walk` is held equal to: radon for the complexity of every function,
`ast.walk` for the node lists (the walk coupling had before it measured complexity itself), and
the real code both are compared on."""

from __future__ import annotations

import ast
import importlib.util
import sys
import sysconfig
import threading
import warnings
from pathlib import Path

from radon.complexity import cc_visit_ast
from radon.visitors import Function

from coupling.facts.nodes import Nodes
from coupling.records import FunctionComplexity

LISTS = ("calls", "attributes", "strings", "imports", "functions", "withs")


def radon(tree: ast.Module) -> tuple[FunctionComplexity, ...] | None:
    """radon's figure for every function and method of `tree`, sorted by (line, name); None
    when it gives up (RecursionError on deep trees)."""
    try:
        blocks = cc_visit_ast(tree)
    except RecursionError:
        return None
    found = [
        FunctionComplexity(
            name=f"{block.classname}.{block.name}" if block.classname else block.name,
            line=block.lineno,
            end_line=block.endline,
            complexity=block.complexity,
        )
        for block in blocks
        if isinstance(block, Function)
    ]
    return tuple(sorted(found, key=lambda f: (f.line, f.name)))


def radon_deep(tree: ast.Module) -> tuple[FunctionComplexity, ...]:
    """radon on a tree too deep for the default recursion limit: in a thread with a big stack
    and a high limit, to know what radon would say had it not given up."""
    out: list[tuple[FunctionComplexity, ...] | None] = []
    limit = sys.getrecursionlimit()
    size = threading.stack_size(1 << 30)
    sys.setrecursionlimit(1_000_000)
    try:
        thread = threading.Thread(target=lambda: out.append(radon(tree)))
        thread.start()
        thread.join()
    finally:
        sys.setrecursionlimit(limit)
        threading.stack_size(size)
    assert out, "radon crashed on a deep stack"
    assert out[0] is not None, "radon gave up even on a deep stack"
    return out[0]


def walk_by_ast_walk(tree: ast.Module) -> Nodes:
    """The node lists as coupling gathered them from `ast.walk` before its walk measured
    complexity too (complexity left empty)."""
    nodes = Nodes()
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        _sort_into(nodes, node, docstrings)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstrings.update(id(doc) for doc in _docstring(node.body))
        if isinstance(node, ast.stmt) and not (
            isinstance(node, ast.Expr) and id(node.value) in docstrings
        ):
            nodes.statement_lines.add(node.lineno)
    for name in LISTS:
        getattr(nodes, name).sort(key=lambda n: (n.lineno, n.col_offset))
    return nodes


def _docstring(body: list[ast.stmt]) -> list[ast.Constant]:
    """The docstring of a module, class or def, if it has one."""
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        return [first.value] if isinstance(first.value.value, str) else []
    return []


def _sort_into(nodes: Nodes, node: ast.AST, docstrings: set[int]) -> None:
    if isinstance(node, ast.Call):
        nodes.calls.append(node)
    elif isinstance(node, ast.Attribute):
        nodes.attributes.append(node)
        nodes.identifiers.add(node.attr)
    elif isinstance(node, ast.Name):
        nodes.identifiers.add(node.id)
    elif isinstance(node, ast.Import | ast.ImportFrom):
        nodes.imports.append(node)
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        nodes.functions.append(node)
    elif isinstance(node, ast.With | ast.AsyncWith):
        nodes.withs.append(node)
    elif (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ):
        nodes.strings.append(node)


def nodes_differences(mine: Nodes, tree: ast.Module) -> list[str]:
    """What differs between `mine` and the `ast.walk` lists of `tree` ([] when equal): the lists
    by node identity and order, the sets by value."""
    theirs = walk_by_ast_walk(tree)
    differences = [
        name
        for name in LISTS
        if [id(n) for n in getattr(mine, name)] != [id(n) for n in getattr(theirs, name)]
    ]
    differences += [
        name
        for name in ("statement_lines", "identifiers")
        if getattr(mine, name) != getattr(theirs, name)
    ]
    return differences


# -- Corpora: real code, read where it is installed.

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def stdlib_files() -> list[Path]:
    """Every .py of the interpreter's standard library (its site-packages left out)."""
    return sorted(p for p in STDLIB.rglob("*.py") if "site-packages" not in p.parts)


def package_files(package: str) -> list[Path]:
    """Every .py of an installed package (tests/real-packages.txt, the dev dependencies)."""
    spec = importlib.util.find_spec(package)  # finds the folder; runs none of its code
    assert spec is not None and spec.submodule_search_locations, f"make test installs {package}"
    return sorted(Path(spec.submodule_search_locations[0]).rglob("*.py"))


def parsed(path: Path) -> ast.Module | None:
    """The tree as `extract_facts` parses it; None when this Python cannot parse the file."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(path.read_bytes())
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
