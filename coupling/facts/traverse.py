"""The pieces of the one traversal `nodes.walk` makes of a tree: child getters, complexity codes,
the frames of the functions being measured and the contexts their nodes are walked in.

Cyclomatic complexity is radon 6.0.1's (`radon.complexity.cc_visit_ast`), figure for figure; the
tests hold the walk equal to radon on every function of the stdlib and real packages. Its rules:

- reported: defs at module level (also inside module-level if/for/try/with/match), as "name",
  and defs in a module-level class body, as "Class.name"; closures, inner classes and their
  methods are not reported and add nothing to the function around them;
- complexity = 1 + what each node of the body adds (`increment`); a def's decorators,
  arguments and annotations, and everything inside an `assert`, count for nobody;
- end line = the greatest *start* line of a node in the body's last statement (defs, classes
  and asserts there and their insides left out), or the def's own line.

The traversal is breadth-first, level by level, in `ast.walk`'s order: `walk` sorts the nodes by
(line, column) stably, and the parts of a 3.11 f-string share one position, so only that order
reproduces the tie-breaks the extractors have always seen. A level is one flat list of nodes cut
into runs `(start, context, owner)`; children inherit their parent's context unless the parent
(a def, a class, an assert) opens another. No recursion: a tree deeper than the interpreter's
recursion limit is walked like any other (radon raises RecursionError there).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, Final

from coupling.records import FunctionComplexity

Node = Any  # ast nodes are read by attribute; typing each field would need a cast per access
Children = Callable[[Node], Sequence[ast.AST]]
OnlyChild = Callable[[Node], ast.AST | None]

# -- Children of every node type, in `ast.iter_child_nodes` order, generated once from the ASDL
# -- signatures the ast classes carry (`_field_types` from Python 3.13, the docstring before).

# Shared singletons with no fields (Load, Store, Add, And, Eq...): no collector wants them, so
# they are never visited.
_LEAF_SINGLETONS: Final = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)
_LEAF_SINGLETON_NAMES: Final = frozenset(c.__name__ for c in _LEAF_SINGLETONS)
_PLAIN_TYPES: Final = frozenset({"identifier", "string", "constant", "int", "object"})
# List fields that hold None where there is no node (`{**a}`, `def f(*, a, b=1)`).
_LISTS_WITH_NONE: Final = frozenset({("Dict", "keys"), ("arguments", "kw_defaults")})
_SIGNATURE: Final = re.compile(r"(\w+)\((.*)\)")


def generic_children(node: ast.AST) -> list[ast.AST]:
    """`ast.iter_child_nodes` without the shared leaf singletons (for unknown node types)."""
    return [c for c in ast.iter_child_nodes(node) if not isinstance(c, _LEAF_SINGLETONS)]


def _node_fields(cls: type[ast.AST]) -> list[tuple[str, str]] | None:
    """(field, shape) for every field of `cls` that holds nodes; shape is "", "?" or "*".
    None when the signature cannot be read."""
    field_types: dict[str, Any] | None = getattr(cls, "_field_types", None)
    if field_types is not None:  # Python 3.13+
        return _fields_from_types(cls, field_types)
    match = _SIGNATURE.fullmatch((cls.__doc__ or "").strip())
    if match is None:
        return [] if not cls._fields else None
    declared = [part.split() for part in match.group(2).split(", ")] if match.group(2) else []
    if [name for _, name in declared] != list(cls._fields):
        return None
    fields: list[tuple[str, str]] = []
    for type_, name in declared:
        base, shape = type_.rstrip("*?"), type_[len(type_.rstrip("*?")) :]
        if base not in _PLAIN_TYPES and base not in _LEAF_SINGLETON_NAMES:
            fields.append((name, shape))
    return fields


def _fields_from_types(cls: type[ast.AST], field_types: dict[str, Any]) -> list[tuple[str, str]]:
    """`_node_fields` read from the `_field_types` annotations of Python 3.13+."""
    fields: list[tuple[str, str]] = []
    for name in cls._fields:
        declared = field_types.get(name, object)
        # A plain node type is the class itself (its str is "<class 'ast.expr'>"); lists and
        # optionals are generic aliases whose str reads "list[ast.expr]", "ast.expr | None".
        kind = declared.__name__ if isinstance(declared, type) else str(declared)
        base = re.sub(r"^list\[|\]$| \| None$|^ast\.|\bast\.", "", kind)
        if base in _LEAF_SINGLETON_NAMES or not hasattr(ast, base) or base == "object":
            continue
        shape = "*" if kind.startswith("list[") else "?" if kind.endswith("| None") else ""
        fields.append((name, shape))
    return fields


def _make_children(cls: type[ast.AST]) -> Children | None:
    """A getter for the node children of `cls` (None: it never has any)."""
    fields = _node_fields(cls)
    if fields is None:
        return generic_children
    if not fields:
        return None
    if len(fields) > 1 and all(shape == "" for _, shape in fields):
        return attrgetter(*(name for name, _ in fields))  # a tuple, built in C
    lines = ["def children(n):", "    r = []"]
    for name, shape in fields:
        if shape == "*" and (cls.__name__, name) in _LISTS_WITH_NONE:
            lines.append(f"    r += [x for x in n.{name} if x is not None]")
        elif shape == "*":
            lines.append(f"    r += n.{name}")
        elif shape == "?":
            lines += [f"    x = n.{name}", "    if x is not None:", "        r.append(x)"]
        else:
            lines.append(f"    r.append(n.{name})")
    lines.append("    return r")
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), namespace)  # generated from the ASDL signature only
    made: Children = namespace["children"]
    return made


def _make_only_child(cls: type[ast.AST]) -> OnlyChild | None:
    """For a type with a single node field (`Attribute.value`, `arg.annotation`...): a C-level
    getter of it (may give None), so that a walk can skip building a sequence."""
    fields = _node_fields(cls)
    if fields is None or len(fields) != 1 or fields[0][1] == "*":
        return None
    return attrgetter(fields[0][0])


def _node_classes() -> list[type[ast.AST]]:
    found: list[type[ast.AST]] = []
    todo: list[type[ast.AST]] = [ast.AST]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


CHILDREN: Final[dict[type[ast.AST], Children | None]] = {
    cls: _make_children(cls) for cls in _node_classes() if not issubclass(cls, _LEAF_SINGLETONS)
}

ONLY_CHILD: Final[dict[type[ast.AST], OnlyChild | None]] = {
    cls: _make_only_child(cls) for cls in CHILDREN
}


def children_getter(cls: type[ast.AST]) -> Children | None:
    """The child getter for `cls`, learnt on first sight for a type built after import."""
    try:
        return CHILDREN[cls]
    except KeyError:
        getter = CHILDREN[cls] = _make_children(cls)
        return getter


def has_lineno(cls: type[ast.AST]) -> bool:
    return "lineno" in getattr(cls, "_attributes", ()) or "lineno" in cls._fields


# -- What each node type does to the complexity of the function it is counted in. Codes, not
# -- handlers: the walk switches on a small int, cheaper than a call per node.

PLAIN: Final = 0  # nothing (the vast majority)
ONE: Final = 1  # If, IfExp: +1
LOOP: Final = 2  # For, AsyncFor, While: +1, +1 more with an `else`
TRY: Final = 3  # Try: +1 per handler, +1 with an `else` (not TryStar: radon misses it)
BOOL: Final = 4  # BoolOp: +1 per operand after the first
COMPREHENSION: Final = 5  # comprehension: +1, +1 per `if`
MATCH: Final = 6  # Match: +1 per case, -1 if some case is a bare capture (`_` or `x`)
ASSERT: Final = 7  # Assert: +1, and nothing inside it is looked at
FUNCTION: Final = 8  # FunctionDef, AsyncFunctionDef
CLASS_DEF: Final = 9  # ClassDef

CC: Final[dict[type[ast.AST], int]] = {
    ast.If: ONE,
    ast.IfExp: ONE,
    ast.For: LOOP,
    ast.AsyncFor: LOOP,
    ast.While: LOOP,
    ast.Try: TRY,
    ast.BoolOp: BOOL,
    ast.comprehension: COMPREHENSION,
    ast.Match: MATCH,
    ast.Assert: ASSERT,
    ast.FunctionDef: FUNCTION,
    ast.AsyncFunctionDef: FUNCTION,
    ast.ClassDef: CLASS_DEF,
}


def increment(code: int, node: Node) -> int:
    """What a node of complexity code `code` (ONE..ASSERT) adds to its function."""
    if code == LOOP:
        return 2 if node.orelse else 1
    if code == TRY:
        return len(node.handlers) + (1 if node.orelse else 0)
    if code == BOOL:
        return len(node.values) - 1
    if code == COMPREHENSION:
        return len(node.ifs) + 1
    if code == MATCH:
        cases = node.cases
        wildcard = any(
            case.pattern.__class__ is ast.MatchAs and case.pattern.pattern is None for case in cases
        )
        return max(0, len(cases) - wildcard)
    return 1 if code in (ONE, ASSERT) else 0


# -- Contexts: whom a node counts for.

DEAD: Final = 0  # nobody: a def's arguments and decorators, inside an assert, nested defs...
MODULE: Final = 1  # module level: a def is a reported function, a class opens CLASS
CLASS: Final = 2  # a module-level class body: a def is a reported method "Class.method"
BODY: Final = 3  # a reported function's body but its last statement: nodes add complexity
LAST: Final = 4  # its last statement: nodes add complexity and push the end line


class Frame:
    """A reported function while its body is walked."""

    __slots__ = ("complexity", "line", "max_line", "name")

    def __init__(self, name: str, line: int) -> None:
        self.name = name
        self.line = line
        self.complexity = 1
        self.max_line = 0  # radon's -inf: no line seen yet in the last statement

    def result(self) -> FunctionComplexity:
        return FunctionComplexity(
            name=self.name,
            line=self.line,
            end_line=max(self.line, self.max_line),
            complexity=self.complexity,
        )


# (start, context, owner): the nodes of a level from `start` up to the next run's start are
# walked in `context`, for `owner` (the Frame for BODY and LAST, the class name for CLASS, None
# otherwise).
Run = tuple[int, int, Any]


def open_function(
    node: Node, context: int, owner: Any, *, frames: list[Frame], below: list[Node], runs: list[Run]
) -> None:
    """Queue a def's children in field order (args, body, decorators, returns, type_params on
    3.12+): its body in a new frame when radon reports it (a def at module level or in a
    module-level class body), everything else DEAD."""
    runs.append((len(below), DEAD, None))
    below.append(node.args)
    body = node.body
    if context in (MODULE, CLASS):
        frame = Frame(node.name if context == MODULE else f"{owner}.{node.name}", node.lineno)
        frames.append(frame)
        runs.append((len(below), BODY, frame))
        below += body[:-1]
        runs.append((len(below), LAST, frame))
        below.append(body[-1])
        runs.append((len(below), DEAD, None))
    else:  # a closure, or inside something dead: radon reports it nowhere
        below += body
    below += node.decorator_list
    if node.returns is not None:
        below.append(node.returns)
    below += getattr(node, "type_params", ())  # Python 3.12+: the last field


def open_class(node: Node, context: int, below: list[Node], runs: list[Run]) -> None:
    """Queue a class's children in field order (bases, keywords, body, decorators): its body is
    CLASS when the class is at module level, everything else DEAD (radon drops inner classes)."""
    runs.append((len(below), DEAD, None))
    below += node.bases
    below += node.keywords
    if context == MODULE:
        runs.append((len(below), CLASS, node.name))
        below += node.body
        runs.append((len(below), DEAD, None))
    else:
        below += node.body
    below += node.decorator_list
    below += getattr(node, "type_params", ())  # Python 3.12+: the last field


def results(frames: list[Frame]) -> tuple[FunctionComplexity, ...]:
    """The measured functions, sorted by (line, name) as radon's figures always were."""
    return tuple(sorted((frame.result() for frame in frames), key=_line_then_name))


def _line_then_name(function: FunctionComplexity) -> tuple[int, str]:
    return function.line, function.name
