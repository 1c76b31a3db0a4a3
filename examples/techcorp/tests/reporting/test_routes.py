from __future__ import annotations


def test_daily_requires_permission(client_as, make_user):
    assert client_as(make_user()).get("/reports/daily").status_code == 403


def test_export_rejects_unknown_format(client_as, make_user):
    user = make_user(permissions="reports:*")

    response = client_as(user).get("/reports/export", params={"format": "docx"})

    assert response.status_code == 422
