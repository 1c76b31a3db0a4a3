"""Money as ``Decimal`` plus a currency code.

Never use floats for amounts. Amounts are stored in the database as integer
minor units (cents) via :class:`MoneyType`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.types import TypeDecorator

CENT = Decimal("0.01")

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF "}


def round_money(value: Decimal, *, bankers: bool = False) -> Decimal:
    """Round to cents. Invoices use half-up; tax reports use banker's rounding."""
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN if bankers else ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str = "EUR"

    @classmethod
    def from_cents(cls, cents: int, currency: str = "EUR") -> Money:
        return cls(Decimal(cents) / 100, currency)

    @property
    def cents(self) -> int:
        return int(round_money(self.amount) * 100)

    def _check(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(self.amount * Decimal(factor), self.currency)

    __rmul__ = __mul__

    def is_negative(self) -> bool:
        return self.amount < 0


def format_money(value: Money | Decimal, currency: str | None = None) -> str:
    if isinstance(value, Money):
        amount, currency = value.amount, value.currency
    else:
        amount = value
    symbol = _SYMBOLS.get((currency or "EUR").upper(), f"{currency} ")
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(round_money(amount)):,.2f}"


class MoneyType(TypeDecorator[Decimal]):
    """Stores a Decimal amount as integer cents."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, Money):
            return value.cents
        return int(round_money(Decimal(value)) * 100)

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value) / 100
