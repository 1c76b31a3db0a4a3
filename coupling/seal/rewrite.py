"""Apply one file's decided edits to its libcst tree; every node not named in the edits is kept as is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import libcst as cst

from coupling.records import ImportPlace, Rewrite

if TYPE_CHECKING:
    from coupling.seal.callers import Edits, FromSplit
    from coupling.seal.scan import FileScan


def rewrite_file(scan: FileScan, edits: Edits) -> tuple[str, list[Rewrite]]:
    """The file's new source and a record of each edit, with the line it was on."""
    module = scan.wrapper.module
    if not (edits.uses or edits.import_aliases or edits.from_splits):
        return module.code, []
    transformer = _Sealer(scan, edits)
    return module.visit(transformer).code, transformer.rewrites


def dotted_expression(dotted: str) -> cst.Name | cst.Attribute:
    parts = dotted.split(".")
    node: cst.Name | cst.Attribute = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def _one_line(code: str) -> str:
    return " ".join(code.split())


def _without_trailing_comma(
    aliases: list[cst.ImportAlias], parenthesized: bool
) -> list[cst.ImportAlias]:
    """A bare import list cannot end in a comma; a parenthesized one keeps its comma (and comment)."""
    if not aliases or parenthesized:
        return aliases
    return [*aliases[:-1], aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]


class _Sealer(cst.CSTTransformer):
    def __init__(self, scan: FileScan, edits: Edits) -> None:
        super().__init__()
        self.scan = scan
        self.edits = edits
        self.rewrites: list[Rewrite] = []

    def _record(self, original: cst.CSTNode, after: Sequence[cst.CSTNode], is_use: bool) -> None:
        code = self.scan.wrapper.module.code_for_node
        self.rewrites.append(
            Rewrite(
                file=self.scan.path,
                line=self.scan.lines.get(original, 0),
                before=_one_line(code(original)),
                after="; ".join(_one_line(code(node)) for node in after),
                place=self.scan.where.get(original, ImportPlace.MODULE),
                is_use=is_use,
            )
        )

    def on_visit(self, node: cst.CSTNode) -> bool:
        # Subtrees with nothing recorded in them hold nothing to rewrite: not walking them
        # makes the rewrite cost the size of the edits, not of the file.
        if node not in self.scan.on_path:
            return False
        return super().on_visit(node)

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        to_facade = self.edits.uses.get(original_node)
        if to_facade is None:
            return updated_node
        root: cst.BaseExpression = updated_node
        while isinstance(root, cst.Attribute):
            root = root.value
        replacement = root
        for attr in to_facade:
            replacement = cst.Attribute(value=replacement, attr=cst.Name(attr))
        replacement = replacement.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
        self._record(original_node, [replacement], is_use=True)
        return replacement

    def leave_Import(
        self, original_node: cst.Import, updated_node: cst.Import
    ) -> cst.Import | cst.RemovalSentinel:
        if not any(alias in self.edits.import_aliases for alias in original_node.names):
            return updated_node
        aliases: list[cst.ImportAlias] = []
        seen: set[str] = set()
        for before, after in zip(original_node.names, updated_node.names, strict=True):
            new_name = self.edits.import_aliases.get(before)
            alias = (
                after if new_name is None else after.with_changes(name=dotted_expression(new_name))
            )
            key = cst.Module([]).code_for_node(alias.name) if alias.asname is None else ""
            if key and key in seen:
                continue  # `import billing.models, billing.services` → one `import billing`
            seen.add(key)
            aliases.append(alias)
        result = updated_node.with_changes(names=_without_trailing_comma(aliases, False))
        self._record(original_node, [result], is_use=False)
        return result

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.BaseSmallStatement | cst.FlattenSentinel[cst.BaseSmallStatement]:
        split = self.edits.from_splits.get(original_node)
        if split is None or isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        statements = self._split(original_node, updated_node, split)
        self._record(original_node, statements, is_use=False)
        return statements[0] if len(statements) == 1 else cst.FlattenSentinel(statements)

    def _split(
        self, original: cst.ImportFrom, updated: cst.ImportFrom, split: FromSplit
    ) -> list[cst.BaseSmallStatement]:
        assert not isinstance(original.names, cst.ImportStar)
        assert not isinstance(updated.names, cst.ImportStar)
        by_original = dict(zip(original.names, updated.names, strict=True))
        parenthesized = updated.lpar is not None
        statements: list[cst.BaseSmallStatement] = []
        if split.to_facade:
            names = _without_trailing_comma(
                [by_original[a] for a in split.to_facade], parenthesized
            )
            statements.append(
                updated.with_changes(names=names, **_module_fields(split.facade_module))
            )
        if split.to_import_as:
            statements.append(_import_as(split.to_import_as))
        if split.kept:
            names = _without_trailing_comma([by_original[a] for a in split.kept], parenthesized)
            statements.append(updated.with_changes(names=names))
        return statements

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        # A statement that split in two gets a line each when it had the line to itself;
        # on a shared line (a; b) the pieces stay joined by semicolons.
        if len(original_node.body) != 1 or len(updated_node.body) == 1:
            return updated_node
        first, *rest = updated_node.body
        lines = [updated_node.with_changes(body=[first])]
        lines.extend(cst.SimpleStatementLine(body=[statement]) for statement in rest)
        return cst.FlattenSentinel(lines)


def _module_fields(written: str) -> dict[str, object]:
    """The relative dots and module of a `from` statement naming `written` (..billing.api)."""
    dots = len(written) - len(written.lstrip("."))
    rest = written[dots:]
    return {
        "relative": [cst.Dot() for _ in range(dots)],
        "module": dotted_expression(rest) if rest else None,
    }


def _import_as(pairs: list[tuple[str, str]]) -> cst.Import:
    aliases = [
        cst.ImportAlias(
            name=dotted_expression(facade),
            asname=None if facade == bound else cst.AsName(name=cst.Name(bound)),
        )
        for facade, bound in pairs
    ]
    return cst.Import(names=aliases)
