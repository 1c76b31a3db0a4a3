"""ORM models across files (`ModelIndex`); the data edges between units are in `data.py`.

A class is a model when its bases lead, through any number of scanned classes and re-exports,
to Django's Model or to a SQLAlchemy declarative base.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coupling.graph.imports import absolute_name
from coupling.records import (
    Definition,
    DefinitionKind,
    ModelFact,
    ModelFactKind,
    OrmFramework,
    OrmModel,
    RelationKind,
    SourceFile,
)

if TYPE_CHECKING:
    from coupling.records import (
        FileFacts,
        Relation,
    )

_DJANGO_ROOTS = {"django.db.models.Model", "django.db.models.base.Model"}
_SQLALCHEMY_ROOTS = {"DeclarativeBase", "DeclarativeBaseNoMeta"}
# The ORMs themselves: a base of theirs other than the roots above makes no model.
_ORM_PACKAGES = {"django", "sqlalchemy"}
_HOPS = 10  # re-exports followed at most; a loop of aliases ends here


@dataclass(frozen=True)
class _Class:
    file: SourceFile
    definition: Definition
    fact: ModelFact | None


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def class_part(name: str) -> str:
    """`users.models.User.id` → `users.models.User`: drop attribute names after the class."""
    parts = name.split(".")
    while len(parts) > 1 and not parts[-1][:1].isupper():
        parts.pop()
    return ".".join(parts)


class ModelIndex:
    def __init__(self, files: list[tuple[SourceFile, FileFacts]]) -> None:
        self.classes: dict[str, _Class] = {}
        self.aliases: dict[str, str] = {}  # "users.User" → "users.models.User" (from-imports)
        self.bases: set[str] = set()  # declarative bases: declarative_base(), db.Model
        self.tables: dict[str, ModelFact] = {}  # Table(...) objects by key
        self.stars: dict[str, list[str]] = defaultdict(list)  # module → modules it imports *
        self.files = {file.module: file for file, _facts in files}
        self.tops = {module.split(".", 1)[0] for module in self.files}
        # "module.NAME" → text: module-level constants a __tablename__ may name.
        self.constants = {
            f"{file.module}.{name}": text for file, facts in files for name, text in facts.constants
        }
        # An app's module → its label, from the AppConfig classes (Django's default: the last
        # part of the app's name).
        self.app_labels: dict[str, str] = {}
        for file, facts in files:
            self._add_classes(file, facts)
            self._add_imports(file, facts)
            for name, label in facts.app_configs:
                app = name or (file.module if file.is_package else file.module.rpartition(".")[0])
                self.app_labels[app] = label or app.rpartition(".")[2]
        self._framework: dict[str, OrmFramework | None] = {}
        self.models = self._models()
        self.by_key = {model.key: model for model in self.models}
        self.by_table = {model.table.lower(): model for model in self.models if model.table}
        self.by_name: dict[str, list[OrmModel]] = defaultdict(list)
        for model in self.models:
            self.by_name[_last(model.key)].append(model)

    def _add_classes(self, file: SourceFile, facts: FileFacts) -> None:
        model_facts = {fact.name: fact for fact in facts.models}
        for definition in facts.definitions:
            if definition.kind is DefinitionKind.CLASS:
                key = f"{file.module}.{definition.name}"
                self.classes[key] = _Class(file, definition, model_facts.get(definition.name))
        for fact in facts.models:
            if fact.kind is ModelFactKind.BASE:
                self.bases.add(f"{file.module}.{fact.name}")
            elif fact.kind is ModelFactKind.TABLE:
                self.tables[f"{file.module}.{fact.name}"] = fact

    def _add_imports(self, file: SourceFile, facts: FileFacts) -> None:
        for imp in facts.imports:
            for target, name in zip(imp.targets, imp.names, strict=False):
                absolute = absolute_name(target, file.module, file.is_package)
                if absolute is None:
                    continue
                if name == "*":  # `from x import *`: every name of x, looked up later
                    self.stars[file.module].append(absolute.removesuffix(".*"))
                elif target == name:  # `import a.b` binds `a`
                    top = name.split(".")[0]
                    self.aliases[f"{file.module}.{top}"] = top
                else:  # `from x import y` binds `y`
                    self.aliases[f"{file.module}.{name}"] = absolute

    def qualify(self, name: str, file: SourceFile) -> str:
        """What `name`, as written (and expanded) in `file`, stands for, re-exports followed."""
        if name.startswith("."):
            name = absolute_name(name, file.module, file.is_package) or ""
        else:
            name = self._local(name, file.module)
        return self._follow(name)

    def _local(self, name: str, module: str, depth: int = 0) -> str:
        """`name` as defined or imported in `module`, or in a module it imports * from."""
        head = name.split(".", maxsplit=1)[0]
        local = f"{module}.{head}"
        if local in self.classes or local in self.aliases or local in self.bases:
            return f"{module}.{name}"
        for star in self.stars.get(module, []) if depth < _HOPS else ():
            found = self._local(name, star, depth + 1)
            if found != name:
                return found
        return name

    def _follow(self, name: str) -> str:
        """Replace the longest prefix that is an import alias, until a class is reached."""
        for _hop in range(_HOPS):
            if name in self.classes or name in self.tables or name in self.bases:
                return name
            parts = name.split(".")
            for cut in range(len(parts), 0, -1):
                prefix = ".".join(parts[:cut])
                if self.aliases.get(prefix, prefix) != prefix:
                    name = ".".join([self.aliases[prefix], *parts[cut:]])
                    break
                # `from .base import *` in a package re-exports base's names under its own.
                rest = ".".join(parts[cut:])
                if rest and prefix in self.stars:
                    found = self._local(rest, prefix)
                    if found != rest:
                        name = found
                        break
            else:
                return name
        return name

    def framework(self, key: str, trail: frozenset[str] = frozenset()) -> OrmFramework | None:
        """Where the class's bases lead: to Django's Model, a SQLAlchemy base, or neither."""
        if key in self._framework:
            return self._framework[key]
        known = self.classes.get(key)
        if key in self.bases or (known and known.fact and known.fact.kind is ModelFactKind.MAPPED):
            return OrmFramework.SQLALCHEMY
        found = None
        if known is not None and key not in trail:
            for base in known.definition.bases:
                qualified = self.qualify(base, known.file)
                if qualified in _DJANGO_ROOTS:
                    found = OrmFramework.DJANGO
                elif _last(qualified) in _SQLALCHEMY_ROOTS and qualified.startswith("sqlalchemy"):
                    found = OrmFramework.SQLALCHEMY
                else:
                    found = self.framework(qualified, trail | {key})
                if found:
                    break
            else:
                found = self._third_party_model(known)
        self._framework[key] = found
        return found

    def _third_party_model(self, known: _Class) -> OrmFramework | None:
        """A class with ORM fields whose base comes from outside the scanned code
        (`TimeStampedModel`, Flask-AppBuilder's `Model`): a model of the fields' ORM. The
        ORMs' own other classes are none: a migration (its operations are full of field
        calls), a query expression with an `output_field` (Django's Func, Expression)."""
        fields = known.fact.fields if known.fact else None
        if fields is None:
            return None
        for base in known.definition.bases:
            qualified = self.qualify(base, known.file)
            top = qualified.split(".", 1)[0]
            if top in _ORM_PACKAGES:
                return None
            if qualified not in self.classes and "." in qualified and top not in self.tops:
                return fields
        return None

    def _models(self) -> tuple[OrmModel, ...]:
        found = [
            OrmModel(key, file.unit, file.rel, fact.line, OrmFramework.SQLALCHEMY, fact.table)
            for key, fact in self.tables.items()
            if (file := self.files[key.rsplit(".", 1)[0]])
        ]
        for key, known in self.classes.items():
            framework = self.framework(key)
            fact = known.fact
            if (
                framework is None
                or (fact is not None and fact.kind is ModelFactKind.BASE)
                or key in self.bases
            ):
                continue
            abstract = fact.abstract if fact else False
            table = self._table(key, framework)
            named = fact is not None and bool(fact.table_ref)  # a __tablename__ not resolved
            if framework is OrmFramework.SQLALCHEMY and not table and not abstract and not named:
                continue  # a declarative base or a mixin, not a mapped class
            file = known.file
            found.append(
                OrmModel(
                    key,
                    file.unit,
                    file.rel,
                    known.definition.line,
                    framework,
                    "" if abstract else table,
                    abstract,
                )
            )
        return tuple(sorted(found, key=lambda m: m.key))

    def _table(self, key: str, framework: OrmFramework, depth: int = 0) -> str:
        known = self.classes.get(key)
        if known is None or depth > _HOPS:
            return ""
        if known.fact and known.fact.table:
            return known.fact.table
        if known.fact and known.fact.table_ref:
            return self.constant(known.fact.table_ref, known.file)
        if framework is OrmFramework.DJANGO:
            return f"{self.app_label(key)}_{_last(key).lower()}"
        for base in known.definition.bases:  # SQLAlchemy single-table inheritance
            if table := self._table(self.qualify(base, known.file), framework, depth + 1):
                return table
        return ""

    def constant(self, name: str, file: SourceFile) -> str:
        """The text of the module-level constant `name` (as expanded in `file`), following
        imports and re-exports; "" when it is not a scanned module's constant."""
        if name.startswith("."):
            name = absolute_name(name, file.module, file.is_package) or ""
        elif "." not in name:
            name = f"{file.module}.{name}"
        for _hop in range(_HOPS):
            if name in self.constants:
                return self.constants[name]
            following = self.aliases.get(name, "")
            if not following or following == name:
                break
            name = following
        return ""

    def app_label(self, key: str) -> str:
        known = self.classes.get(key)
        if known and known.fact and known.fact.app_label:
            return known.fact.app_label
        parts = key.split(".")[:-1]
        # The app whose name is the longest prefix of the model's module, as Django finds it.
        for cut in range(len(parts), 0, -1):
            if (label := self.app_labels.get(".".join(parts[:cut]))) is not None:
                return label
        if "models" in parts:
            index = len(parts) - 1 - parts[::-1].index("models")
            return parts[index - 1] if index > 0 else parts[0]
        return parts[-2] if len(parts) > 1 else parts[0]

    def relation_target(self, relation: Relation, model: OrmModel) -> OrmModel | None:
        target, file = relation.target, self.files[model.key.rsplit(".", 1)[0]]
        if target == "self":
            return model
        if (
            model.framework is OrmFramework.DJANGO
            and relation.kind is not RelationKind.RELATIONSHIP
        ):
            if "." not in target and target[:1].isupper():
                return self.in_app(self.app_label(model.key), target)
            app, dot, name = target.partition(".")
            if dot and "." not in name and name[:1].isupper():
                return self.in_app(app, name) or self.by_key.get(self.qualify(target, file))
        elif relation.kind is RelationKind.FOREIGN_KEY:
            parts = target.split(".")
            if len(parts) >= 2 and not any(part[:1].isupper() for part in parts):
                return self.by_table.get(
                    parts[-2].lower()
                )  # "schema.table.column" or "table.column"
        elif "." not in target and target in self.by_name:
            return self._by_name(target, model.unit)
        return self.by_key.get(self.qualify(class_part(target), file))

    def in_app(self, app: str, name: str) -> OrmModel | None:
        matches = [m for m in self.by_name.get(name, []) if self.app_label(m.key) == app]
        return matches[0] if len(matches) == 1 else None

    def _by_name(self, name: str, unit: str) -> OrmModel | None:
        """A class name as SQLAlchemy's registry resolves it: unique, or unique in the unit."""
        matches = self.by_name.get(name, [])
        if len(matches) == 1:
            return matches[0]
        same_unit = [m for m in matches if m.unit == unit]
        return same_unit[0] if len(same_unit) == 1 else None
