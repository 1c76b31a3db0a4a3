"""Facts from a stdlib `ast` tree: one walk shared by the extractors, complexity included."""

from __future__ import annotations

import ast
import warnings

from coupling.facts.access import model_uses_in
from coupling.facts.bindings import bindings_of, called_names
from coupling.facts.definitions import definitions_in
from coupling.facts.flows import events_in, transactions_in
from coupling.facts.imports import imports_in
from coupling.facts.module_kind import is_migration, is_shim
from coupling.facts.nodes import walk
from coupling.facts.orm import app_configs_in, constants_in, models_in
from coupling.facts.refs import dynamic_imports_in, sql_tables_in
from coupling.facts.web import endpoints_in
from coupling.records import FileFacts

# What `ast.parse` raises on a file it cannot read: the fallback's turn, or the file's reason.
PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError)


def parse_quietly(source: bytes) -> ast.Module:
    """`ast.parse` with warnings silenced: invalid escape sequences and the like are the
    analysed code's business. Raises one of PARSE_ERRORS."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source)


def facts_from_tree(tree: ast.Module, is_test: bool = False) -> FileFacts:
    nodes = walk(tree)
    bindings = bindings_of(tree, nodes.imports)
    nodes.called = called_names(nodes.calls, bindings)
    constants = constants_in(tree)
    return FileFacts(
        imports=imports_in(tree),
        definitions=definitions_in(tree, bindings),
        models=models_in(tree, bindings, constants),
        model_uses=model_uses_in(tree, nodes, bindings),
        sql_tables=sql_tables_in(nodes),
        endpoints=endpoints_in(tree, nodes, bindings),
        dynamic_imports=dynamic_imports_in(tree, nodes, bindings),
        functions=nodes.complexity,
        transactions=transactions_in(nodes, bindings),
        events=events_in(nodes, bindings),
        statement_lines=tuple(sorted(nodes.statement_lines)),
        identifiers=tuple(sorted(nodes.identifiers)) if is_test else (),
        constants=constants,
        app_configs=app_configs_in(tree, bindings),
        shim=is_shim(tree),
        migration=is_migration(tree, bindings),
    )
