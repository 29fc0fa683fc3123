"""How errors reach a person: domain errors and database conflicts become clear 4xx answers."""

from __future__ import annotations

import logging

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from sqlalchemy.exc import IntegrityError

from ..casefile.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from ..casefile.fields import PATTERN_MESSAGES
from ..casefile.users import LoginThrottled
from ..casefile.weeks import WEEK_PATTERN
from .forms import Message, in_words

log = logging.getLogger(__name__)

_STATUS: dict[type[DomainError], int] = {NotFound: 404, Invalid: 422, Forbidden: 403, Conflict: 409}


#: msgspec names the pattern a text breaks; these say in words what the pattern asks for.
_PATTERN_WORDS = {**PATTERN_MESSAGES, WEEK_PATTERN: "is not an ISO week; write it as YYYY-Www, for example 2026-W47"}
TOO_DEEP = "the request body is nested too deeply to read; send plain JSON objects and lists"


def status_of(exc: DomainError) -> int:
    return next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 400)


def status_for(exc: BaseException) -> int:
    """The status any exception is answered with (for the audit trail of a failed request)."""
    if isinstance(exc, HTTPException):
        return exc.status_code
    if isinstance(exc, DomainError):
        return status_of(exc)
    if isinstance(exc, RecursionError):
        return 400
    return 500


def _in_words(extra: object) -> tuple[object, list[str]]:
    """Validation errors with a pattern's regex replaced by what it asks for, and every error as a sentence."""
    if not isinstance(extra, list):
        return extra, []
    said: list[str] = []
    worded: list[object] = []
    for item in extra:
        message = item.get("message", "") if isinstance(item, dict) else ""
        key = (item.get("key") if isinstance(item, dict) else "") or "the value"
        words = next((w for p, w in _PATTERN_WORDS.items() if f"matching regex {p!r}" in message), None)
        if words is None:
            text, values = in_words(message)
            said.append(f"{key}: {text % values}")
            worded.append(item)
            continue
        said.append(f"{key} {words}")
        worded.append({**item, "message": words})  # type: ignore[dict-item]
    return worded, said


def _problems(extra: object) -> list[tuple[str, Message]]:
    """Validation errors for a page: which value (as the address or form names it), and a message id."""
    if not isinstance(extra, list):
        return []
    return [
        (str(item.get("key") or ""), in_words(str(item.get("message", "")))) for item in extra if isinstance(item, dict)
    ]


def _body(status: int, detail: str, extra: object = None) -> dict[str, object]:
    body: dict[str, object] = {"status_code": status, "detail": detail}
    if extra:
        body["extra"] = extra
    return body


def domain_error(request: Request, exc: DomainError) -> Response:
    status = status_of(exc)
    if is_page(request):
        log.info("page request refused (%s): %s", status, exc.message)
        return page_error(request, status)
    return Response(_body(status, exc.message), status_code=status)


def integrity_error(request: Request, exc: IntegrityError) -> Response:
    log.info("integrity error turned into 409: %s", exc.orig)
    if is_page(request):
        return page_error(request, 409)
    return Response(
        _body(409, "this change clashes with what is already stored; reload and try again"), status_code=409
    )


def throttled(request: Request, exc: LoginThrottled) -> Response:
    if is_page(request):
        response = page_error(request, 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return Response(_body(429, str(exc)), status_code=429, headers={"Retry-After": str(exc.retry_after)})


def _caused_by_bad_json(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, msgspec.DecodeError) and not isinstance(cause, msgspec.ValidationError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def is_page(request: Request) -> bool:
    """Whether the request is for a page (HTML) rather than the API or its documentation."""
    path = request.url.path
    return not path.startswith(("/api/", "/schema", "/health"))


#: The heading and the sentence of each error page, as message ids (translated when the page is rendered).
PAGE_ERRORS: dict[int, tuple[str, str]] = {
    400: ("This could not be read", "The page received something it could not read. Go back, check it and try again."),
    403: ("Not allowed", "Your account may not open this page."),
    404: ("Not found", "This page does not exist, or it is not there for you."),
    405: ("This does not work here", "This address cannot be used this way. Go back and use the page's own buttons."),
    409: ("Not saved", "This clashes with something saved just now. Reload the page and try again."),
    413: (
        "Too much at once",
        "You sent more than this service takes at once (at most %(kib)s KiB). Send less at once.",
    ),
    422: ("Not saved", "This could not be saved as it was filled in. Go back, check it and try again."),
    429: ("Too many attempts", "There were too many attempts. Wait a few minutes and try again."),
    500: (
        "Something went wrong",
        "Something went wrong on our side; nothing was stored. Try again, or tell your administrator.",
    ),
}
#: A form sent without its CSRF token, or with an old one: not a question of the account's rights.
CSRF_REFUSED = "This form was open too long or came from elsewhere. Reload the page and try again."


def page_error(request: Request, status: int, detail: str = "", extra: object = None) -> Response:
    """The error as a page in the page's language: a heading, a sentence, what was wrong with which value (for
    a validation error) and the way back. The (English) detail goes to the log, never to the page."""
    from .navigation import login_url
    from .rendering import render

    if status == 401:
        return Redirect(login_url(request), status_code=303)
    heading, message = PAGE_ERRORS.get(status, PAGE_ERRORS[500 if status >= 500 else 400])
    if status == 403 and "CSRF" in detail:
        message = CSRF_REFUSED
    values = {"kib": request.app.state.settings.max_body_kib} if status == 413 else {}
    if detail:
        log.info("error page %s for %s %s: %s", status, request.method, request.url.path, detail)
    return render(
        request,
        "error.html",
        heading,
        status,
        heading=heading,
        message=(message, values),
        problems=_problems(extra),
    )


def _too_large(request: Request) -> str:
    limit = request.app.state.settings.max_body_kib
    return f"the request body is larger than the {limit} KiB this service accepts; send less at once"


def http_error(request: Request, exc: HTTPException) -> Response:
    detail = _too_large(request) if exc.status_code == 413 else exc.detail
    if is_page(request):
        return page_error(request, exc.status_code, detail, exc.extra)
    extra, said = _in_words(exc.extra)
    if said:
        detail = "; ".join(said)
    if exc.status_code == 400 and _caused_by_bad_json(exc):
        detail = f"the request body is not valid JSON: {detail[:1].lower()}{detail[1:]}"
    return Response(_body(exc.status_code, detail, extra), status_code=exc.status_code, headers=exc.headers)


def too_deep(request: Request, exc: RecursionError) -> Response:
    """A body nested thousands of levels deep exhausts the decoder's recursion: the sender's fault, a 400."""
    log.info("recursion limit reached on %s %s: %s", request.method, request.url.path, exc)
    if is_page(request):
        return page_error(request, 400, TOO_DEEP)
    return Response(_body(400, TOO_DEEP), status_code=400)


def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    if is_page(request):
        return page_error(request, 500)
    return Response(
        _body(500, "something went wrong on our side; nothing was stored. Please try again or tell your administrator"),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


EXCEPTION_HANDLERS = {
    DomainError: domain_error,
    IntegrityError: integrity_error,
    LoginThrottled: throttled,
    HTTPException: http_error,
    RecursionError: too_deep,
    Exception: unexpected_error,
}
