"""The web page at ``/`` and its static files under ``/static`` (plain ES modules, three.js vendored).

The page is public (it holds no data); everything it shows comes from the API with the
key the person typed, which it keeps in sessionStorage and sends as ``X-API-Key`` (and as a
WebSocket subprotocol), never in a URL. The page is served with a Content-Security-Policy
that allows only this origin's scripts, plus the page's one inline import map by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
_INLINE_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S)

router = APIRouter(include_in_schema=False)


def content_security_policy(html: str) -> str:
    """The page's CSP: own-origin scripts, styles, images and connections; inline scripts by hash."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _INLINE_SCRIPT.findall(html)
        if body.strip()
    ]
    return "; ".join(
        [
            "default-src 'none'",
            " ".join(["script-src 'self'", *hashes]),
            "style-src 'self'",
            "img-src 'self' blob: data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def _page() -> HTMLResponse:
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    headers = {
        "Content-Security-Policy": content_security_policy(html),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }
    return HTMLResponse(html, headers=headers)


@router.get("/", response_class=HTMLResponse)
async def page() -> HTMLResponse:
    """The web page: type a sentence, watch the part being built, turn it in 3D, edit, download."""
    return _page()


def static_files() -> StaticFiles:
    """The page's scripts, styles and the vendored three.js."""
    return StaticFiles(directory=STATIC_DIR)
