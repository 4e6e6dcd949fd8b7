"""The bare stack (issue #20 §1): what FastAPI, uvicorn and asyncpg do with no shequ.

``uvicorn --factory bench._bare:create_app``: one route that validates a body like a
registration, checks the Ed25519 bearer token as the services do (``TokenVerifier``),
and inserts one row. Its rate is the ceiling shequ's command path is compared with.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Annotated, Any

import asyncpg
from fastapi import FastAPI, Header, HTTPException, Request
from pydantic import BaseModel, Field

from shequ.access import NotAuthenticated, TokenVerifier

TABLE = """CREATE TABLE IF NOT EXISTS bare_persons (
    id bigserial PRIMARY KEY, body jsonb NOT NULL, by_staff text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now())"""


class Registration(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    office: str = Field(pattern=r"^\d{12}$")
    address: str = Field(min_length=1, max_length=200)
    document_number: str | None = Field(None, pattern=r"^\d{17}[\dX]$")
    birth_date: date | None = None
    sex: str | None = None
    phone: str | None = Field(None, pattern=r"^1\d{10}$")
    tags: list[str] = Field([], max_length=20)


def create_app() -> FastAPI:
    verifier = TokenVerifier(os.environ["SHEQU_TOKEN_PUBLIC_KEY"])

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(os.environ["SHEQU_DATABASE_URL"], max_size=10)
        await pool.execute(TABLE)
        app.state.pool = pool
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/persons", status_code=201)
    async def register(
        body: Registration,
        request: Request,
        authorization: Annotated[str, Header()] = "",
    ) -> dict[str, Any]:
        try:
            actor = verifier.verify(authorization.removeprefix("Bearer "), _now())
        except NotAuthenticated as error:
            raise HTTPException(401) from error
        row_id = await request.app.state.pool.fetchval(
            "INSERT INTO bare_persons (body, by_staff) VALUES ($1, $2) RETURNING id",
            body.model_dump_json(),
            actor.staff_id,
        )
        return {"id": row_id}

    return app


def _now() -> datetime:
    return datetime.now(UTC)
