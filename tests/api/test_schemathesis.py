"""Hostile input from the app's own OpenAPI document: schemathesis (v4) over every operation.

For every operation in ``/schema/openapi.json`` schemathesis generates requests (valid and invalid bodies,
queries and headers); each generated request is sent once with every role's token (worker, supervisor,
youth, admin) and once anonymously. Path ids point at the test world's real records, so the handlers run
rather than stopping at a 404. No answer may be a 5xx, and an answer whose status the document describes
must match the document's schema. Bounded (a few examples per operation) so it runs in CI on SQLite and
PostgreSQL; ``RECLASSERING_FUZZ_EXAMPLES`` raises the bound for a longer hunt.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from reclassering.app import create_app
from reclassering.casefile.db import make_engine
from reclassering.settings import Settings

from ..world import Case, World

EXAMPLES = int(os.environ.get("RECLASSERING_FUZZ_EXAMPLES", "4"))
ROLES = ("w1", "s1", "y1", "admin", None)


def _openapi() -> dict[str, Any]:
    """The document of an app built without a database: the schema needs none."""
    app = create_app(
        Settings(secret_key="fuzz", cookie_secure=False),
        engine=make_engine("sqlite://"),
        migrate=False,
    )
    return app.openapi_schema.to_schema()


schema = schemathesis.openapi.from_dict(_openapi())


def _real_ids(world: World, case: Case) -> dict[str, int]:
    """Path parameter → an id in the caller's reach (y1's case, team Noord)."""
    return {
        "youth_id": case.youth_id,
        "measure_id": case.measure_id,
        "goal_id": case.goal_ids[0],
        "condition_id": case.condition_id,
        "network_member_id": case.network_member_id,
        "setback_id": case.setback_id,
        "success_id": case.success_id,
        "interaction_pattern_id": case.pattern_id,
        "pattern_id": case.pattern_id,
        "conference_id": case.conference_id,
        "user_id": world["w1"].id,
        "team_id": world.team_ids["noord"],
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_for_any_role(case: Any, client: Any, world: World) -> None:
    ids = _real_ids(world, world.cases["y1"])
    if case.path_parameters:
        case.path_parameters = {k: ids.get(k, v) for k, v in case.path_parameters.items()}
    for role in ROLES:
        headers = dict(world[role].headers) if role else {}
        client.cookies.clear()
        kwargs = case.as_transport_kwargs(base_url=str(client.base_url), headers=headers)
        kwargs.pop("follow_redirects", None)
        kwargs.pop("allow_redirects", None)
        for name, value in (kwargs.pop("cookies", None) or {}).items():
            client.cookies.set(name, value)
        response = client.request(**kwargs)
        assert response.status_code < 500, (role, case.method, case.formatted_path, response.text[:500])
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
