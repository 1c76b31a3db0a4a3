"""`coupling plan UNIT --json`: the plan's record as JSON, with the digest of its facts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from coupling.cache.codec import to_data

if TYPE_CHECKING:
    from coupling.records import Plan

SCHEMA = 1


def render_plan_json(plan: Plan, facts: str) -> str:
    document = {"schema": SCHEMA, "facts": facts, "plan": to_data(plan)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
