"""The facade file: what it already binds, its generated block, and writing the re-exports into it."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coupling.seal.all_merge import merge_all_literal
from coupling.seal.bindings import ModuleBindings, module_bindings

if TYPE_CHECKING:
    from coupling.seal.bindings import AllState

START = "# --- coupling seal: re-exports (generated) ---"
END = "# --- end ---"


class FacadeError(Exception):
    """The facade cannot take re-exports; the message says why."""


@dataclass(frozen=True)
class Block:
    """The generated block: the only part of the facade the seal rewrites whole."""

    start: int  # 0-based index of the START line
    end: int  # 0-based index of the END line
    imports: tuple[tuple[str, str], ...]  # (relative module as written, name)
    all_names: tuple[str, ...] | None  # the block's own __all__, when the seal created it


@dataclass(frozen=True)
class Facade:
    path: str
    module: str
    text: str
    block: Block | None
    bindings: ModuleBindings  # outside the block

    @property
    def outer_all(self) -> AllState:
        return self.bindings.all_state


def read_facade(path: str, module: str, is_package: bool, text: str) -> Facade:
    lines = text.splitlines(keepends=True)
    try:
        block = find_block(lines)
    except FacadeError as error:  # the refusal is listed at each caller: name the facade
        raise FacadeError(f"{path}: {error}") from error
    outside = _blank_block(lines, block)
    try:
        tree = ast.parse(outside)
    except (SyntaxError, ValueError) as error:
        raise FacadeError(f"the facade {path} cannot be parsed: {error}") from error
    return Facade(path, module, text, block, module_bindings(tree, module, is_package))


def find_block(lines: list[str]) -> Block | None:
    starts = [i for i, line in enumerate(lines) if line.strip() == START]
    if not starts:
        return None
    ends = [i for i, line in enumerate(lines) if line.strip() == END and i > starts[0]]
    if len(starts) > 1 or not ends:
        raise FacadeError("the facade's generated block is damaged (markers missing or repeated)")
    start, end = starts[0], ends[0]
    return _parse_block(start, end, "".join(lines[start + 1 : end]))


def _parse_block(start: int, end: int, body: str) -> Block:
    try:
        tree = ast.parse(body)
    except SyntaxError as error:
        raise FacadeError(f"the facade's generated block cannot be parsed: {error}") from error
    imports: list[tuple[str, str]] = []
    all_names: tuple[str, ...] | None = None
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and all(a.asname is None for a in node.names):
            written = "." * node.level + (node.module or "")
            imports.extend((written, alias.name) for alias in node.names)
        elif _is_all_literal(node) and all_names is None:
            assert isinstance(node, ast.Assign) and isinstance(node.value, ast.List | ast.Tuple)
            all_names = tuple(
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            )
        else:
            raise FacadeError(
                "the facade's generated block was edited by hand; restore or remove it"
            )
    return Block(start, end, tuple(imports), all_names)


def _is_all_literal(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == "__all__"
        and isinstance(node.value, ast.List | ast.Tuple)
        and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.value.elts)
    )


def _blank_block(lines: list[str], block: Block | None) -> str:
    """The facade without its block, line numbers kept, so bindings outside it can be read."""
    if block is None:
        return "".join(lines)
    kept = [("\n" if block.start <= i <= block.end else line) for i, line in enumerate(lines)]
    return "".join(kept)


def block_binds(facade: Facade) -> dict[str, str]:
    """Name → relative module the block imports it from."""
    if facade.block is None:
        return {}
    return {name: module for module, name in facade.block.imports}


def write_facade(
    facade: Facade, imports: set[tuple[str, str]], all_names: set[str], create_all: bool
) -> str:
    """The facade text with the block holding `imports` and every name of `all_names` in __all__.

    Rendering is canonical (sorted, one per line), so a run with nothing new renders the same
    block and the file is left untouched.
    """
    block = facade.block
    old_imports = set(block.imports) if block is not None else set()
    old_all = set(block.all_names) if block is not None and block.all_names is not None else None
    new_all = old_all
    if facade.outer_all.kind != "literal" and (old_all is not None or create_all):
        new_all = (old_all or set()) | all_names
    new_imports = old_imports | imports
    text = facade.text
    if new_imports != old_imports or new_all != old_all:
        rendered = _render_block(sorted(new_imports), new_all, _newline(text))
        text = _place_block(text, block, rendered)
    # The block is placed first: merging a multi-line __all__ shifts the lines it is found by.
    missing = sorted(all_names - set(facade.outer_all.names))
    if facade.outer_all.kind == "literal" and missing:
        text = merge_all_literal(text, missing)
    return text


def _render_block(imports: list[tuple[str, str]], all_names: set[str] | None, nl: str) -> str:
    lines = [START]
    lines.extend(f"from {module} import {name}" for module, name in imports)
    if all_names is not None:
        lines.append("__all__ = [")
        lines.extend(f'    "{name}",' for name in sorted(all_names))
        lines.append("]")
    lines.append(END)
    return nl.join(lines) + nl


def _place_block(text: str, block: Block | None, rendered: str) -> str:
    lines = text.splitlines(keepends=True)
    if block is not None:
        return "".join(lines[: block.start]) + rendered + "".join(lines[block.end + 1 :])
    # At the end of the facade: by then everything the facade defines exists, so a submodule
    # that imports names back from the facade while it loads still finds them.
    nl = _newline(text)
    if not text.strip():
        return text + rendered
    ending = "" if text.endswith(("\n", "\r")) else nl
    return text + ending + nl + rendered


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"
