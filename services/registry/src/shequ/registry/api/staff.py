"""Staff (工作人员) and sign-in (登录): enrol, list, roles, deactivation, passwords.

Street and district administrators manage the staff of their own subtree; granting
the district administrator role takes a district administrator. Deactivating someone
or changing their roles
stops their tokens at once (handlers/staff.py). A password is changed by its owner,
who gives the current one, or by an administrator over the owner's office.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from shequ.access import AccessDenied, Acting, Actor, OfficeCode, Role, require_role
from shequ.contracts.messages import N_
from shequ.contracts.registry import Employment
from shequ.eventstore import Outcome
from shequ.registry.api._fields import MAX_ITEMS, Login, Name, Password, Reason
from shequ.registry.domain import staff
from shequ.registry.domain.access import ACCESS, ADMINS, may_manage
from shequ.registry.handlers import sessions
from shequ.registry.handlers import sign_in as tokens
from shequ.registry.handlers import staff as handle
from shequ.registry.handlers.offices import office_names
from shequ.registry.readmodels.directory.staff import StaffRow, staff_within
from shequ.service import IdempotencyKey, Reader, Runtime, RuntimeDep
from shequ.webapi import (
    PROBLEM_MEDIA_TYPE,
    CurrentActor,
    Problem,
    RequestModel,
    RequiredVersion,
    set_etag,
)

router = APIRouter(prefix="/api/v1/registry", tags=["staff"])


def _unavailable() -> Problem:
    return Problem(
        503, N_("Sign-in unavailable"), N_("this registry holds no signing key")
    )


class SignInRequest(RequestModel):
    login: Login
    password: Password


class SignInResponse(BaseModel):
    token: str
    expires_in: int
    refresh_token: str = Field(
        description="renews the token at /sign-in/refresh until refresh_expires_in;"
        " each is good once"
    )
    refresh_expires_in: int
    staff_id: str
    office: str
    roles: list[str]

    @classmethod
    def of(cls, signed: sessions.SignedIn) -> SignInResponse:
        return cls(
            token=signed.token,
            expires_in=signed.expires_in,
            refresh_token=signed.refresh_token,
            refresh_expires_in=signed.refresh_expires_in,
            staff_id=signed.actor.staff_id,
            office=signed.actor.office,
            roles=sorted(signed.actor.roles),
        )


class RefreshRequest(RequestModel):
    refresh_token: str = Field(min_length=1, max_length=200)


_PROBLEM = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


@router.post(
    "/sign-in",
    responses={
        401: {"description": "Login or password is wrong", "content": _PROBLEM},
        429: {
            "description": "Too many failed sign-ins of this account or from this"
            f" address ({tokens.ACCOUNT_LIMIT} and {tokens.ADDRESS_LIMIT} within"
            f" {tokens.WINDOW.seconds // 60} minutes): wait Retry-After seconds",
            "headers": {
                "Retry-After": {
                    "description": "seconds until a sign-in may be tried again",
                    "schema": {"type": "integer", "minimum": 1},
                }
            },
            "content": _PROBLEM,
        },
    },
)
async def sign_in(
    body: SignInRequest, rt: RuntimeDep, request: Request
) -> SignInResponse:
    """A bearer token for a login and password; either wrong answers the same 401.

    Failed attempts are throttled per account and per client address (429 with
    ``Retry-After``); a success clears the account's count.
    """
    if rt.issuer is None:
        raise _unavailable()
    address = request.client.host if request.client else None
    try:
        signed = await tokens.sign_in(rt, body.login, body.password, address)
    except tokens.TooManySignIns as refused:
        raise Problem(
            429,
            N_("Too many sign-in attempts"),
            refused.template,
            slug="too-many-sign-ins",
            headers={"Retry-After": str(refused.retry_after)},
            params=refused.params,
        ) from None
    return SignInResponse.of(signed)


_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {
        "description": "The refresh token is unknown or spent, the sign-in ended or"
        " lapsed, or the staff member was deactivated or given other roles",
        "content": _PROBLEM,
    }
}


@router.post("/sign-in/refresh", responses=_REFUSED)
async def refresh(body: RefreshRequest, rt: RuntimeDep) -> SignInResponse:
    """A new token and a new refresh token, for a sign-in of today still open.

    Each refresh token is good once: one shown again ends the sign-in (401), so a
    stolen copy is useful to nobody for long. The sign-in lasts ten hours from the
    password, however often it is refreshed.
    """
    if rt.issuer is None:
        raise _unavailable()
    return SignInResponse.of(await sessions.refresh(rt, body.refresh_token))


@router.post("/sign-out", status_code=204, responses=_REFUSED)
async def sign_out(body: RefreshRequest, rt: RuntimeDep) -> None:
    """End the sign-in the refresh token belongs to: it can no longer be refreshed.

    The token already issued lapses on its own, within half an hour.
    """
    await sessions.sign_out(rt, body.refresh_token)


class EnrolRequest(RequestModel):
    login: Login
    password: Password
    name: Name
    office: OfficeCode
    roles: list[Role] = Field(max_length=MAX_ITEMS)
    employment: Employment = "full_time"


class StaffResponse(BaseModel):
    staff_id: str
    name: str
    office: str
    office_name: str | None = Field(
        None, description="the office's name, shown beside its code"
    )
    roles: list[str]
    employment: str
    status: str
    version: int


async def _reply(
    rt: Runtime, outcome: Outcome[staff.State], response: Response
) -> StaffResponse:
    member = outcome.state
    assert member is not None
    set_etag(response, outcome.version)
    return StaffResponse(
        staff_id=member.staff_id,
        name=member.name,
        office=member.office,
        office_name=(await office_names(rt, [member.office])).get(member.office),
        roles=sorted(member.roles),
        employment=member.employment,
        status=member.status,
        version=outcome.version,
    )


async def _managed(
    rt: Runtime, staff_id: str, actor: Actor, roles: frozenset[Role] = frozenset()
) -> staff.Staff:
    """The staff member, if ``actor`` administers their office and grants ``roles``.

    Checked before any rule: an unknown id, and a member outside the subtree,
    answer the same 404; a role that administers nobody answers 403 before the
    look-up, for an unknown id too, so the answer never tells whether the id exists.
    """
    require_role(actor, *ADMINS)
    member = await handle.current(rt.store, staff_id)
    may_manage(actor, member.office, roles, unknown=staff.StaffNotFound())
    return member


@router.post("/staff", status_code=201)
async def enrol(
    body: EnrolRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    response: Response,
    key: IdempotencyKey = None,
) -> StaffResponse:
    """Enrol a staff member at an open office; a login already taken answers 409.

    A retry under the same ``Idempotency-Key`` returns the staff member it enrolled.
    """
    may_manage(actor, body.office, frozenset(body.roles))
    outcome = await handle.enrol(
        rt.store,
        Acting.of(actor, rt.clock()),
        login=body.login,
        name=body.name,
        office=body.office,
        roles=frozenset(body.roles),
        employment=body.employment,
        password=body.password,
        key=key,
    )
    assert outcome.state is not None
    response.headers["Location"] = f"{router.prefix}/staff/{outcome.state.staff_id}"
    return await _reply(rt, outcome, response)


@router.get("/staff")
async def list_staff(
    rt: RuntimeDep, actor: Reader, within: Annotated[OfficeCode | None, Query()] = None
) -> list[StaffRow]:
    """The staff of a subtree (default: the reader's own), by office and login."""
    root = ACCESS.reading_root(actor, within)
    return await staff_within(rt.pool, root.subtree_prefix)


class RolesRequest(RequestModel):
    roles: list[Role] = Field(max_length=MAX_ITEMS)


@router.post("/staff/{staff_id}/roles")
async def change_roles(
    staff_id: str,
    body: RolesRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> StaffResponse:
    """Replace a staff member's roles."""
    roles = frozenset(body.roles)
    await _managed(rt, staff_id, actor, roles)
    outcome = await handle.change_roles(
        rt, Acting.of(actor, rt.clock()), staff_id, roles=roles, expected=expected
    )
    return await _reply(rt, outcome, response)


class DeactivationRequest(RequestModel):
    reason: Reason


@router.post("/staff/{staff_id}/deactivation")
async def deactivate(
    staff_id: str,
    body: DeactivationRequest,
    rt: RuntimeDep,
    actor: CurrentActor,
    expected: RequiredVersion,
    response: Response,
) -> StaffResponse:
    """Deactivate a staff member: sign-in and their unexpired tokens stop working."""
    await _managed(rt, staff_id, actor)
    outcome = await handle.deactivate(
        rt,
        Acting.of(actor, rt.clock()),
        staff_id,
        reason=body.reason,
        expected=expected,
    )
    return await _reply(rt, outcome, response)


class PasswordRequest(RequestModel):
    password: Password
    current_password: Password | None = None  # required when changing one's own


@router.post("/staff/{staff_id}/password", status_code=204)
async def set_password(
    staff_id: str, body: PasswordRequest, rt: RuntimeDep, actor: CurrentActor
) -> None:
    """Set a password: one's own with the current one, or as an administrator.

    Not versioned (a password is no event): the last one set holds.
    """
    if actor.staff_id != staff_id:
        await _managed(rt, staff_id, actor)
    elif not await handle.password_matches(
        rt.pool, staff_id, body.current_password or ""
    ):
        raise AccessDenied(N_("the current password is wrong"))
    by = Acting.of(actor, rt.clock())
    await handle.set_password(rt.store, staff_id, body.password, by)
