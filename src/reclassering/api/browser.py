"""What a browser needs to keep the pages and the API safe: security headers on every answer, the
documentation's assets served by the app itself, and the API documentation page without inline script.

Every answer carries a strict Content-Security-Policy (scripts, styles, images and connections from this
site only, no framing), ``X-Content-Type-Options``, ``X-Frame-Options`` and ``Referrer-Policy``. Every answer
except the static assets also carries ``Cache-Control: no-store``: pages, JSON, PDF and PNG answers may hold
case data, and a shared or back-button cache must not keep it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from litestar import Request, Router
from litestar.datastructures import MutableScopeHeaders
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.types import Message, Scope

STATIC = Path(__file__).parent / "static"
STATIC_PATH = "/static"
SWAGGER_ASSETS = Path(str(swagger_ui_bundle.swagger_ui_path))
SWAGGER_ASSETS_PATH = "/static/swagger-ui"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
NO_STORE = "no-store"


async def add_security_headers(message: Message, scope: Scope) -> None:
    """``before_send`` hook: the security headers on every HTTP answer, ``no-store`` on all but assets."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    if not scope.get("path", "").startswith(f"{STATIC_PATH}/"):
        headers["cache-control"] = NO_STORE


class LocalSwagger(SwaggerRenderPlugin):
    """Swagger UI from the ``swagger-ui-bundle-v2`` package's files, started by a static script of ours
    (``static/swagger-init.js``) that loads the schema by URL: no CDN, no inline script or style."""

    def __init__(self, path: str = "/swagger") -> None:
        super().__init__(
            js_url=f"{SWAGGER_ASSETS_PATH}/swagger-ui-bundle.js",
            css_url=f"{SWAGGER_ASSETS_PATH}/swagger-ui.css",
            standalone_preset_js_url=f"{SWAGGER_ASSETS_PATH}/swagger-ui-standalone-preset.js",
            favicon=f'<link rel="icon" type="image/png" href="{SWAGGER_ASSETS_PATH}/favicon-32x32.png">',
            style="",
            path=path,
        )

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        title = escape(str(openapi_schema.get("info", {}).get("title", "API")))
        spec_url = escape(self.get_openapi_json_route(request))
        return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
  {self.favicon}
  <link rel="stylesheet" href="{self.css_url}">
  <link rel="stylesheet" href="{STATIC_PATH}/swagger.css">
  <script src="{self.js_url}" defer></script>
  <script src="{self.standalone_preset_js_url}" defer></script>
  <script src="{STATIC_PATH}/swagger-init.js" defer></script>
</head>
<body>
  <div id="swagger-container" data-spec-url="{spec_url}"></div>
</body>
</html>
""".encode()

    def receive_router(self, router: Router) -> None:
        """No OAuth2 redirect page: the API takes bearer tokens, and that page is an inline script."""
        return
