from __future__ import annotations

from unittest import mock

from users.models import UserStatus


def test_me_returns_current_user(client_as, make_user):
    user = make_user(full_name="Ada Lovelace")

    response = client_as(user).get("/users/me")

    assert response.status_code == 200
    assert response.json()["full_name"] == "Ada Lovelace"


def test_list_users_requires_permission(client_as, make_user):
    user = make_user()

    assert client_as(user).get("/users").status_code == 403


def test_list_users_is_scoped_to_organization(client_as, make_user):
    admin = make_user(permissions="users:read", organization_id=None)
    make_user()
    make_user()

    body = client_as(admin).get("/users").json()

    assert body["page"] == 1
    assert body["total"] == 3


def test_update_me(client_as, make_user):
    user = make_user()

    response = client_as(user).patch("/users/me", json={"full_name": "Renamed"})

    assert response.status_code == 200
    assert response.json()["full_name"] == "Renamed"


def test_get_unknown_user_is_404(client_as, make_user):
    admin = make_user(permissions="users:*")

    assert client_as(admin).get("/users/4242").status_code == 404


def test_verify_email_activates_invited_user(client_as, make_user):
    user = make_user(status=UserStatus.INVITED)
    claims = {"sub": user.id, "email": user.email}

    with mock.patch("auth.tokens.verify_email_token", return_value=claims):
        response = client_as(user).post("/users/verify-email", params={"token": "t"})

    assert response.status_code == 204
    assert user.status == UserStatus.ACTIVE


def test_deactivate_requires_admin(client_as, make_user):
    user = make_user(permissions="users:read")
    other = make_user()

    assert client_as(user).post(f"/users/{other.id}/deactivate").status_code == 403
