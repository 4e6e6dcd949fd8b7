"""The API docs load nothing from the internet: an office intranet has none."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from shequ.webapi import docs_router

PREFIX = "/api/v1/registry"


@pytest.fixture
def client() -> TestClient:
    app = FastAPI(docs_url=None, redoc_url=None)
    app.include_router(docs_router(PREFIX, "shequ registry"))
    return TestClient(app)


@pytest.mark.parametrize("page", ["docs", "redoc"])
def test_a_docs_page_names_only_local_addresses(client: TestClient, page: str) -> None:
    html = client.get(f"{PREFIX}/{page}").text

    addresses = re.findall(r"""(?:src|href)=["']([^"']+)""", html) + re.findall(
        r"""url: ?["']([^"']+)""", html
    )

    assert addresses
    assert [a for a in addresses if not a.startswith(PREFIX)] == []


@pytest.mark.parametrize(
    ("asset", "media_type"),
    [
        ("swagger-ui-bundle.js", "text/javascript"),
        ("swagger-ui.css", "text/css"),
        ("redoc.standalone.js", "text/javascript"),
    ],
)
def test_the_assets_are_served_from_the_installed_package(
    client: TestClient, asset: str, media_type: str
) -> None:
    response = client.get(f"{PREFIX}/docs/assets/{asset}")

    assert (response.status_code, response.headers["content-type"].split(";")[0]) == (
        200,
        media_type,
    )
    assert len(response.content) > 100_000


def test_nothing_else_is_served_from_the_assets(client: TestClient) -> None:
    assert client.get(f"{PREFIX}/docs/assets/..%2Fcore.py").status_code == 404
