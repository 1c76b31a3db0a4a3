from __future__ import annotations

from decimal import Decimal

import pytest

from utils.money import Money, MoneyType, format_money, round_money


def test_round_half_up_by_default():
    assert round_money(Decimal("0.125")) == Decimal("0.13")
    assert round_money(Decimal("0.125"), bankers=True) == Decimal("0.12")


def test_arithmetic_keeps_currency():
    assert (Money(Decimal("1.10"), "USD") + Money(Decimal("2.20"), "USD")) == Money(Decimal("3.30"), "USD")
    assert (Money(Decimal("2"), "EUR") * 3).amount == Decimal("6")


def test_currency_mismatch():
    with pytest.raises(ValueError):
        Money(Decimal("1"), "EUR") + Money(Decimal("1"), "USD")


def test_cents_round_trip():
    assert Money.from_cents(1999).cents == 1999


@pytest.mark.parametrize(
    "value,expected",
    [(Money(Decimal("1234.5")), "€1,234.50"), (Money(Decimal("-3"), "GBP"), "-£3.00"), (Decimal("7"), "€7.00")],
)
def test_format_money(value, expected):
    assert format_money(value) == expected


def test_money_type_stores_cents():
    column = MoneyType()
    assert column.process_bind_param(Decimal("12.345"), None) == 1235
    assert column.process_result_value(1235, None) == Decimal("12.35")
