"""Judgements on dotted names that both parsers share."""

from __future__ import annotations

_ABSTRACT_BASES = {"ABC", "Protocol"}
_ABSTRACT_METACLASSES = {"ABCMeta"}
_ABSTRACT_DECORATORS = {"abstractmethod", "abstractproperty", "abstractclassmethod"}


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def is_type_checking_guard(test: str) -> bool:
    """`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`."""
    return _last(test) == "TYPE_CHECKING"


def is_abstract_class(bases: list[str], metaclasses: list[str], decorators: list[str]) -> bool:
    return (
        any(_last(base) in _ABSTRACT_BASES for base in bases)
        or any(_last(meta) in _ABSTRACT_METACLASSES for meta in metaclasses)
        or any(_last(decorator) in _ABSTRACT_DECORATORS for decorator in decorators)
    )
