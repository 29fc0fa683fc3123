"""A benchmark-only ceiling: a bare endpoint returning a pre-built payload (``benchmarks/load.py``).

Mounted only when ``RECLASSERING_BENCH_BARE`` is true (``Settings.bench_bare``); absent otherwise, so a normal
server never has it. It touches no database and checks no login: it is what the framework alone costs to
answer with the same number of bytes and media type as a real route, on the same server process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from litestar import Response, get
from litestar.params import PathParameter

from .guards import rule

MEDIA = {"json": "application/json", "png": "image/png", "html": "text/html; charset=utf-8"}
MAX_BYTES = 16 * 1024 * 1024


@lru_cache(maxsize=32)
def payload(kind: str, size: int) -> bytes:
    """``size`` bytes that are valid JSON for ``json``, and filler of no meaning otherwise."""
    if kind == "json":
        return b'{"x":"' + b"a" * max(size - 8, 0) + b'"}'
    return (b"0123456789abcdef" * (size // 16 + 1))[:size]


@get("/bench/bare/{kind:str}/{size:int}", opt=rule(public=True), sync_to_thread=False, include_in_schema=False)
def bare(
    kind: Annotated[str, PathParameter(pattern="^(json|png|html)$")],
    size: Annotated[int, PathParameter(ge=0, le=MAX_BYTES)],
) -> Response[bytes]:
    """``size`` pre-built bytes with the media type of ``kind``."""
    return Response(payload(kind, size), media_type=MEDIA[kind])


BENCH_HANDLERS = [bare]
