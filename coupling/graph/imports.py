"""Import statements resolved against the discovered modules, one record per statement.

Resolution follows grimp (and so Python): `from a import b` is module a.b when that module
exists, else module a (b is a name in it); `import a.b.c` falls back one level the same way.
A test keeps the module edges equal to grimp.build_graph's.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from coupling.records import (
    Module,
    ResolvedImport,
    Unresolved,
)

if TYPE_CHECKING:
    from coupling.records import (
        FileFacts,
        ImportFact,
        Project,
        SourceFile,
    )

# Standard-library modules of newer Pythons than the one running (code written for 3.14 may
# import them), typeshed's `_typeshed` (the stdlib's stubs, imported for type checking only),
# and names like __main__: never third-party packages.
_NEWER_STDLIB = frozenset(
    {"annotationlib", "compression", "_interpreters", "_interpqueues", "_typeshed"}
)

# Standard-library modules removed from Python 3 since 3.8 (PEP 594 and earlier): code written
# for an older Python imports them, and what is third-party must not depend on which Python
# runs the scan (3.11 still lists asyncore; 3.13 does not).
_REMOVED_STDLIB = frozenset(
    {
        "_dummy_thread", "aifc", "asynchat", "asyncore", "audioop", "binhex", "cgi", "cgitb",
        "chunk", "crypt", "distutils", "dummy_threading", "formatter", "imghdr", "imp",
        "lib2to3", "macpath", "mailcap", "msilib", "nis", "nntplib", "ossaudiodev", "parser",
        "pipes", "smtpd", "sndhdr", "spwd", "sunau", "symbol", "telnetlib", "uu", "xdrlib",
    }
)  # fmt: skip

# Python 2's standard library, renamed or removed in Python 3: code not yet ported (or behind
# `try: import cPickle except ImportError`) imports them, and they are no third-party package.
_PYTHON2_STDLIB = frozenset(
    {
        "__builtin__", "_subprocess", "_winreg", "anydbm", "BaseHTTPServer", "Bastion", "bsddb",
        "CGIHTTPServer", "commands", "compiler", "ConfigParser", "Cookie", "cookielib",
        "copy_reg", "cPickle", "cProfile", "cStringIO", "dbhash", "dircache", "dl",
        "DocXMLRPCServer", "dumbdbm", "dummy_thread", "exceptions", "fpformat", "gdbm",
        "htmlentitydefs", "htmllib", "HTMLParser", "httplib", "ihooks", "imageop", "imputil",
        "markupbase", "md5", "mhlib", "mimetools", "MimeWriter", "mimify", "multifile", "mutex",
        "new", "popen2", "posixfile", "Queue", "repr", "rexec", "rfc822", "robotparser",
        "ScrolledText", "sets", "sgmllib", "sha", "SimpleHTTPServer", "SimpleXMLRPCServer",
        "SocketServer", "statvfs", "StringIO", "thread", "Tix", "tkColorChooser",
        "tkCommonDialog", "Tkconstants", "tkFileDialog", "tkFont", "Tkinter", "tkMessageBox",
        "tkSimpleDialog", "ttk", "urllib2", "urlparse", "user", "UserDict", "UserList",
        "UserString", "whichdb", "xmlrpclib",
    }
)  # fmt: skip


class Resolver:
    def __init__(
        self,
        internal: set[str],
        outside: set[str],
        first_party: frozenset[str] = frozenset(),
        script_folders: frozenset[str] = frozenset(),
        namespace_root: str = "",
    ) -> None:
        self.internal = internal
        self.outside = outside
        self.script_folders = script_folders  # folders without __init__.py, as modules
        # PATH's own name when PATH has no __init__.py: a PEP 420 namespace package whose code
        # imports its parts as `root.part` (the modules here are named `part`).
        self.namespace_root = namespace_root
        self.tops = {name.split(".")[0] for name in internal | outside}
        self.first_party = first_party  # top-level names of the project outside PATH
        # The same absolute names recur across thousands of statements: classify each once.
        self.kinds: dict[str, tuple[str, str]] = {}

    def resolve(
        self, file: SourceFile, fact: ImportFact
    ) -> tuple[ResolvedImport, list[Unresolved]]:
        targets: set[str] = set()
        symbols: set[str] = set()
        outside: set[str] = set()
        external: set[str] = set()
        problems: list[Unresolved] = []
        for name in fact.targets:
            absolute = absolute_name(name, file.module, file.is_package)
            if absolute is None:
                problems.append(
                    Unresolved(
                        file.rel, fact.line, name, "relative import above the top-level package"
                    )
                )
                continue
            if (
                self.namespace_root
                and absolute.startswith(self.namespace_root + ".")
                and self.module(absolute) is None
            ):
                inner = absolute[len(self.namespace_root) + 1 :]
                absolute = inner if self.module(inner) in self.internal else absolute
            kind, value = self.kinds.get(absolute) or self._classify(absolute)
            if kind == "external" and (sibling := self._implicit_relative(file, absolute)):
                absolute = sibling
                kind, value = self.kinds.get(absolute) or self._classify(absolute)
            if kind == "internal":
                targets.add(value)
                if value != absolute:
                    symbols.add(absolute)
            elif kind == "outside":
                outside.add(value)
            elif kind == "missing":
                problems.append(
                    Unresolved(file.rel, fact.line, absolute, "no such module in the scanned code")
                )
            elif kind == "external":
                external.add(value)
        resolved = ResolvedImport(
            importer=file.module,
            file=file.rel,
            line=fact.line,
            names=fact.names,
            targets=tuple(sorted(targets)),
            symbols=tuple(sorted(symbols)),
            outside=tuple(sorted(outside)),
            external=tuple(sorted(external)),
            type_checking=fact.type_checking,
            in_function=fact.in_function,
            in_try=fact.in_try,
        )
        return resolved, problems

    def _classify(self, absolute: str) -> tuple[str, str]:
        """internal or outside (with the module), missing, external (with its package) or
        stdlib."""
        module = self.module(absolute)
        top = absolute.split(".", maxsplit=1)[0]
        if module in self.internal:
            kind = ("internal", module)
        elif module is not None:
            kind = ("outside", module)
        elif top in self.tops:
            kind = ("missing", "")
        elif (
            top not in sys.stdlib_module_names
            and top not in _NEWER_STDLIB
            and top not in _REMOVED_STDLIB
            and top not in _PYTHON2_STDLIB
            and top not in self.first_party
            and not top.startswith("__")
        ):
            kind = ("external", top)
        else:
            kind = ("stdlib", "")
        self.kinds[absolute] = kind
        return kind

    def _implicit_relative(self, file: SourceFile, absolute: str) -> str:
        """A script's import of a module beside it: in a folder without __init__.py (scripts
        run from there, their folder first on sys.path), `import sibling` is sibling.py there.
        In a package, Python 3 reads it as absolute: `import redis` in a package that holds
        its own redis.py (a cache backend) is the redis client."""
        package = file.module if file.is_package else file.module.rpartition(".")[0]
        top = absolute.split(".", maxsplit=1)[0]
        if package not in self.script_folders or f"{package}.{top}" not in self.internal:
            return ""
        return f"{package}.{absolute}"

    def module(self, name: str) -> str | None:
        """The module `name` denotes: itself, or its parent when name is an attribute of it."""
        for candidate in (name, name.rpartition(".")[0]):
            if candidate in self.internal or candidate in self.outside:
                return candidate
        return None


def absolute_name(name: str, importer: str, is_package: bool) -> str | None:
    """`name` with its leading dots resolved against the importing module; None if impossible."""
    level = len(name) - len(name.lstrip("."))
    if level == 0:
        return name
    parts = importer.split(".")
    # In a package's __init__, one dot means the package itself.
    keep = len(parts) - level + (1 if is_package else 0)
    if keep <= 0:
        return None
    rest = name[level:]
    return ".".join(parts[:keep] + ([rest] if rest else []))


def _import_lines(facts: FileFacts) -> int:
    """The lines its import statements cover, each line once."""
    covered: set[int] = set()
    for fact in facts.imports:
        covered.update(range(fact.line, max(fact.line, fact.end_line) + 1))
    return len(covered)


def modules_of(project: Project, facts: tuple[FileFacts, ...]) -> tuple[Module, ...]:
    modules = [
        Module(
            name=file.module,
            unit=file.unit,
            file=file.rel,
            is_package=file.is_package,
            is_test=file.is_test,
            lines=fact.lines,
            code_lines=fact.code_lines,
            import_lines=_import_lines(fact),
            classes=sum(1 for d in fact.definitions if d.kind == "class"),
            abstract_classes=sum(1 for d in fact.definitions if d.kind == "class" and d.abstract),
        )
        for file, fact in zip(project.files, facts, strict=True)
    ]
    modules.extend(
        Module(name=n.module, unit=n.unit, file="", is_package=True, is_test=n.is_test)
        for n in project.namespaces
    )
    return tuple(sorted(modules, key=lambda m: m.name))
