"""API docs that work on an office intranet: Swagger UI and ReDoc served locally.

FastAPI's own docs pages load their scripts from a CDN, so without the internet they
are blank. The assets come from the ``fastapi-offline`` wheel instead and are served
under the service's prefix, beside its ``openapi.json``.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, HTTPException
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

ASSETS = Path(fastapi_offline.__file__).parent / "static"
_FILES = (
    "swagger-ui-bundle.js",
    "swagger-ui.css",
    "redoc.standalone.js",
    "favicon.png",
)


def docs_router(prefix: str, title: str) -> APIRouter:
    """``{prefix}/docs`` (Swagger UI), ``{prefix}/redoc`` and their assets."""
    router = APIRouter(prefix=prefix, include_in_schema=False)
    assets = f"{prefix}/docs/assets"

    @router.get("/docs")
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"{prefix}/openapi.json",
            title=f"{title} · API",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=f"{assets}/favicon.png",
        )

    @router.get("/redoc")
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=f"{prefix}/openapi.json",
            title=f"{title} · API",
            redoc_js_url=f"{assets}/redoc.standalone.js",
            redoc_favicon_url=f"{assets}/favicon.png",
            with_google_fonts=False,
        )

    @router.get("/docs/assets/{name}")
    async def asset(name: str) -> FileResponse:
        if name not in _FILES:
            raise HTTPException(404)
        return FileResponse(
            ASSETS / name, headers={"Cache-Control": "public, max-age=86400"}
        )

    return router
