"""Add names to an existing `__all__ = [...]` literal, in the literal's own style."""

from __future__ import annotations

import bisect

import libcst as cst

Sequence = cst.List | cst.Tuple


def merge_all_literal(source: str, names: list[str]) -> str:
    """`source` with `names` added to its one module-level __all__ list or tuple literal."""
    module = cst.parse_module(source)
    return module.visit(_AllMerger(names)).code


class _AllMerger(cst.CSTTransformer):
    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names
        self.depth = 0  # inside a def or class, __all__ is a local name, not the module's

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.depth += 1
        return True

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self.depth -= 1
        return updated_node

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.depth += 1
        return True

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self.depth -= 1
        return updated_node

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        targets = updated_node.targets
        if self.depth or len(targets) != 1 or not _is_all(targets[0].target):
            return updated_node
        if not isinstance(updated_node.value, cst.List | cst.Tuple):
            return updated_node
        return updated_node.with_changes(value=with_names(updated_node.value, self.names))

    def leave_AnnAssign(
        self, original_node: cst.AnnAssign, updated_node: cst.AnnAssign
    ) -> cst.AnnAssign:
        value = updated_node.value
        if (
            self.depth
            or not _is_all(updated_node.target)
            or not isinstance(value, cst.List | cst.Tuple)
        ):
            return updated_node
        return updated_node.with_changes(value=with_names(value, self.names))


def _is_all(target: cst.BaseExpression) -> bool:
    return isinstance(target, cst.Name) and target.value == "__all__"


def with_names(literal: Sequence, names: list[str]) -> Sequence:
    """The literal with each name inserted: in order when it is sorted, else appended sorted."""
    existing = [_string_value(e) for e in literal.elements]
    quote = _quote_of(list(literal.elements))
    separator = _separator(literal, list(literal.elements))
    in_order = existing == sorted(existing)
    for name in sorted(names):
        current = [_string_value(e) for e in literal.elements]
        index = bisect.bisect(current, name) if in_order else len(current)
        value = cst.SimpleString(f"{quote}{name}{quote}")
        if index < len(current):
            elements = list(literal.elements)
            elements.insert(index, cst.Element(value, comma=separator))
            literal = literal.with_changes(elements=elements)
        else:
            literal = _append(literal, value, separator)
    return literal


def _append(literal: Sequence, value: cst.SimpleString, separator: cst.Comma) -> Sequence:
    elements = list(literal.elements)
    if not elements:
        return literal.with_changes(elements=[cst.Element(value)])
    # The old last element takes a separator and the new one inherits its ending (a trailing
    # comma or nothing). A comment after the old last element sits in the closing bracket's
    # whitespace; it moves into the separator so it stays on the old element's line.
    last = elements[-1]
    closing = _closing_whitespace(literal)
    spacing = separator.whitespace_after
    if isinstance(closing, cst.ParenthesizedWhitespace) and isinstance(
        spacing, cst.ParenthesizedWhitespace
    ):
        separator = separator.with_changes(
            whitespace_after=spacing.with_changes(
                first_line=closing.first_line, empty_lines=closing.empty_lines
            )
        )
        literal = _with_closing_whitespace(
            literal, closing.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
        )
    elements[-1] = last.with_changes(comma=separator)
    elements.append(cst.Element(value, comma=last.comma))
    return literal.with_changes(elements=elements)


def _closing_whitespace(literal: Sequence) -> cst.BaseParenthesizableWhitespace | None:
    if isinstance(literal, cst.List):
        return literal.rbracket.whitespace_before
    return literal.rpar[-1].whitespace_before if literal.rpar else None


def _with_closing_whitespace(
    literal: Sequence, whitespace: cst.BaseParenthesizableWhitespace
) -> Sequence:
    if isinstance(literal, cst.List):
        return literal.with_changes(
            rbracket=literal.rbracket.with_changes(whitespace_before=whitespace)
        )
    rpar = [*literal.rpar[:-1], literal.rpar[-1].with_changes(whitespace_before=whitespace)]
    return literal.with_changes(rpar=rpar)


def _string_value(element: cst.BaseElement) -> str:
    value = element.value
    if isinstance(value, cst.SimpleString):
        evaluated = value.evaluated_value
        return evaluated if isinstance(evaluated, str) else ""
    return ""


def _quote_of(elements: list[cst.BaseElement]) -> str:
    for element in elements:
        if isinstance(element.value, cst.SimpleString):
            return element.value.quote
    return '"'


def _separator(literal: Sequence, elements: list[cst.BaseElement]) -> cst.Comma:
    """The comma that separates two elements here: copied from the literal when it has one."""
    for element in elements[:-1]:
        if isinstance(element.comma, cst.Comma):
            return _without_comment(element.comma)
    opening = _opening_whitespace(literal)
    if isinstance(opening, cst.ParenthesizedWhitespace):
        return cst.Comma(whitespace_after=opening)  # one element per line, as the literal has
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _opening_whitespace(literal: Sequence) -> cst.BaseParenthesizableWhitespace | None:
    if isinstance(literal, cst.List):
        return literal.lbracket.whitespace_after
    return literal.lpar[0].whitespace_after if literal.lpar else None


def _without_comment(comma: cst.Comma) -> cst.Comma:
    """A copied separator must not copy the comment that follows the element it came from."""
    spacing = comma.whitespace_after
    if isinstance(spacing, cst.ParenthesizedWhitespace):
        spacing = spacing.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return comma.with_changes(whitespace_after=spacing)
