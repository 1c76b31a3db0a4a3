from __future__ import annotations

from decimal import Decimal

import pytest

from notifications.templates import BUILTIN, TemplateNotFound, render_template


def test_invoice_email_formats_money():
    rendered = render_template("invoice_paid", {"number": "TC-2026-000001", "total": Decimal("119")})

    assert rendered.subject == "Payment received for TC-2026-000001"
    assert "€119.00" in rendered.body
    assert rendered.html.startswith("<p>")


def test_sms_has_no_html():
    assert render_template("login_alert", {"ip": "10.0.0.1"}, channel="sms").html is None


def test_missing_variable_is_an_error():
    with pytest.raises(ValueError):
        render_template("welcome", {})


def test_unknown_template():
    with pytest.raises(TemplateNotFound):
        render_template("does_not_exist", {})


def test_every_builtin_has_a_body():
    assert all(body.strip() for _, body in BUILTIN.values())
