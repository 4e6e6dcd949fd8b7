"""Input that would poison a projection is refused at the door (#14 items 3 and 4).

Every request body is a ``RequestModel`` with bounded fields: a control character, a
lone surrogate, a line break in a one-line field or text past its limit answers 422
naming the field, and nothing is written. Paged lists take bounded page numbers.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from shequ.access import Acting, Role
from shequ.service import new_id

COMMUNITY_A = "441900101001"
API = "/api/v1/registry"
PERSONS = f"{API}/persons"


def _person(number: str, **extra: object) -> dict:
    return {
        "name": "张伟",
        "office": COMMUNITY_A,
        "address": "东城路 1 号",
        "document_number": number,
        **extra,
    }


def _fields(answer: httpx.Response) -> tuple[int, list[str]]:
    return answer.status_code, [e["field"] for e in answer.json()["errors"]]


async def test_a_nul_in_a_name_is_refused_naming_it_and_nothing_is_stored(
    registry, token, resident_id, tree
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    keyed = {**worker, "Idempotency-Key": "nul"}

    refused = await registry.post(
        PERSONS, json=_person(resident_id(), name="张\u0000伟"), headers=keyed
    )
    await asyncio.sleep(0.3)
    would_be = new_id("person", Acting("staff-1", COMMUNITY_A, tree.now), "nul")
    file = await registry.get(f"{PERSONS}/{would_be}", headers=worker)
    listed = await registry.get(PERSONS, headers=worker)

    assert _fields(refused) == (422, ["body.name"])
    assert refused.json()["errors"][0]["message"] == (
        "contains the control character U+0000"
    )
    assert file.status_code == 404
    assert listed.json()["total"] == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "张" * 10_000),
        ("name", "张" * 51),
        ("name", "张\n伟"),
        ("address", "路" * 201),
        ("phone", "1" * 31),
        ("document_number", "4" * 31),
    ],
    ids=["10000-character name", "51", "line break", "address", "phone", "number"],
)
async def test_text_past_its_limit_or_broken_over_lines_is_refused(
    registry, token, resident_id, field: str, value: str
) -> None:
    refused = await registry.post(
        PERSONS,
        json=_person(resident_id(), **{field: value}),
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A),
    )

    assert _fields(refused) == (422, [f"body.{field}"])


async def test_a_lone_surrogate_is_refused_not_a_server_error(
    registry, token, resident_id
) -> None:
    body = json.dumps(_person(resident_id(), name="\ud800")).encode()  # ASCII escapes

    refused = await registry.post(
        PERSONS,
        content=body,
        headers={
            **token(Role.COMMUNITY_WORKER, COMMUNITY_A),
            "Content-Type": "application/json",
        },
    )

    assert _fields(refused) == (422, ["body.name"])


async def test_a_reason_may_run_over_several_lines(
    registry, token, resident_id
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    created = await registry.post(PERSONS, json=_person(resident_id()), headers=worker)

    corrected = await registry.post(
        f"{created.headers['Location']}/corrections",
        json={"reason": "登记错误:\n姓名错字", "name": "张炜"},
        headers={**worker, "If-Match": '"1"'},
    )
    too_long = await registry.post(
        f"{created.headers['Location']}/corrections",
        json={"reason": "错" * 501, "name": "张玮"},
        headers={**worker, "If-Match": '"2"'},
    )

    assert (corrected.status_code, corrected.json()["name"]) == (200, "张炜")
    assert _fields(too_long) == (422, ["body.reason"])


@pytest.mark.parametrize("path", ["persons", "households", "rentals"])
async def test_an_absurd_page_number_is_refused_naming_it(
    registry, token, path: str
) -> None:
    refused = await registry.get(
        f"{API}/{path}",
        params={"page": "9223372036854775807"},
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A),
    )

    assert _fields(refused) == (422, ["query.page"])
