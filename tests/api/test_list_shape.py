"""Every collection route answers in the one list shape (``Paged``: items, total, limit, offset), never a bare
JSON array, so a client pages every list the same way."""

from __future__ import annotations

import typing
from typing import Any

from reclassering.api.schemas import Paged


def test_no_api_route_answers_a_bare_list(app: Any) -> None:
    bare, paged = [], []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not route.path.startswith("/api/") or "GET" not in handler.http_methods:
                continue
            answer = handler.parsed_fn_signature.return_type.annotation
            if typing.get_origin(answer) in (list, tuple, set):
                bare.append(route.path)
            if typing.get_origin(answer) is Paged:
                paged.append(route.path)
    assert bare == []
    assert len(paged) >= 20
