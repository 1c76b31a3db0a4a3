from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest

from billing import subscriptions
from billing.models import BillingInterval, Plan, Subscription, SubscriptionStatus
from users.models import Team


@pytest.fixture()
def plan(db_session):
    plan = Plan(
        code="team-monthly",
        name="Team",
        tier="team",
        interval=BillingInterval.MONTH,
        price=Decimal("49.00"),
        price_per_seat=Decimal("9.00"),
        included_seats=3,
        max_api_keys=5,
    )
    db_session.add(plan)
    db_session.commit()
    return plan


def test_get_plan_unknown(db_session):
    with pytest.raises(subscriptions.PlanNotFound):
        subscriptions.get_plan(db_session, "nope")


def test_team_seat_limit(db_session, make_user):
    team = Team(organization_id=1, name="Ops", seat_limit=2)
    db_session.add(team)
    db_session.commit()
    user = make_user(team_id=team.id)

    with pytest.raises(subscriptions.SeatLimitExceeded):
        subscriptions._check_team_seats(db_session, user, 3)
    subscriptions._check_team_seats(db_session, user, 2)


def test_cancel_at_period_end_keeps_subscription_live(db_session, make_user, plan):
    user = make_user()
    sub = Subscription(user_id=user.id, plan_id=plan.id, status=SubscriptionStatus.ACTIVE,
                       current_period_start=mock.ANY, current_period_end=mock.ANY)
    with mock.patch.object(db_session, "get", return_value=sub):
        subscriptions.cancel_subscription(db_session, 1, at_period_end=True)

    assert sub.cancel_at_period_end
    assert sub.status == SubscriptionStatus.ACTIVE


def test_immediate_cancel_clears_plan_on_user(db_session, make_user, plan):
    user = make_user(plan_code="team-monthly")
    sub = Subscription(user_id=user.id, plan_id=plan.id, status=SubscriptionStatus.ACTIVE)
    lookup = {Subscription: sub}
    with mock.patch.object(db_session, "get", side_effect=lambda model, pk: lookup.get(model, user)):
        subscriptions.cancel_subscription(db_session, 1, at_period_end=False)

    assert sub.status == SubscriptionStatus.CANCELLED
    assert user.plan_code is None
    assert user.billing_status == "cancelled"


def test_start_subscription_writes_user_and_notification(plan):
    session = mock.MagicMock()
    user = mock.Mock(id=7, team_id=None, organization_id=None)
    with mock.patch.object(subscriptions, "transaction") as tx, \
         mock.patch.object(subscriptions.user_service, "get_user", return_value=user), \
         mock.patch.object(subscriptions, "get_plan", return_value=plan), \
         mock.patch.object(subscriptions, "active_subscription", return_value=None), \
         mock.patch.object(subscriptions, "_currency_for", return_value="EUR"), \
         mock.patch.object(subscriptions, "create_invoice") as create_invoice, \
         mock.patch.object(subscriptions, "issue"), \
         mock.patch.object(subscriptions, "publish") as publish:
        tx.return_value.__enter__.return_value = session
        create_invoice.return_value = mock.Mock(total=Decimal("49.00"), currency="EUR", number="TC-2026-000001")

        subscriptions.start_subscription(7, "team-monthly")

    assert user.plan_code == "team-monthly"
    added = [call.args[0] for call in session.add.call_args_list]
    assert any(type(obj).__name__ == "Notification" for obj in added)
    assert publish.call_args_list[0].args[0] == "subscription.created"
