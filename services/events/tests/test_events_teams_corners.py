"""A team and a publicity corner read whole, as the console's pages read them.

A team (文体队伍) with its name, kind, since when and members; a corner (禁毒宣传角)
with where, since when and every refresh, and the version a refresh is sent with.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from shequ.testing.feeds import COMMUNITY_A

from .conftest import EVENTS, Events

Token = Callable[..., dict[str, str]]


async def test_a_team_reads_with_its_name_kind_and_members_at_once(
    events: Events, token: Token
) -> None:
    writer = token()
    member = await events.registry.person(COMMUNITY_A, date(1950, 5, 5), name="李秀兰")
    await events.settle()
    formed = await events.post(
        "/teams", writer, office=COMMUNITY_A, name="太极拳队", kind="tai_chi",
        formed_on="2026-02-01",
    )  # fmt: skip
    team_id = formed.json()["id"]
    await events.post(
        f"/teams/{team_id}/members", writer, 1, person_id=member, on="2026-02-03"
    )

    # Read at once: the stream answers, not the ledger (which may lag).
    shown = await events.http.get(f"{EVENTS}/teams/{team_id}", headers=writer)

    assert shown.status_code == 200, shown.text
    assert shown.headers["ETag"] == '"2"'
    assert shown.json() == {
        "team_id": team_id,
        "office": COMMUNITY_A,
        "name": "太极拳队",
        "kind": "tai_chi",
        "formed_on": "2026-02-01",
        "members": [
            {"person_id": member, "name": "李秀兰", "office": COMMUNITY_A,
             "joined_on": "2026-02-03"},
        ],
        "version": 2,
    }  # fmt: skip


async def test_a_corner_reads_whole_and_is_refreshed_at_the_version_read(
    events: Events, token: Token
) -> None:
    writer = token()
    set_up = await events.post(
        "/corners", writer, office=COMMUNITY_A, place="社区服务中心门口",
        since="2026-01-05",
    )  # fmt: skip
    corner_id = set_up.json()["id"]
    read = await events.http.get(f"{EVENTS}/corners/{corner_id}", headers=writer)
    refreshed = await events.post(
        f"/corners/{corner_id}/refresh", writer, read.json()["version"],
        theme="6.26国际禁毒日", refreshed_on="2026-06-26",
    )  # fmt: skip
    stale = await events.post(
        f"/corners/{corner_id}/refresh", writer, read.json()["version"],
        theme="12.4法制宣传日", refreshed_on="2026-11-20",
    )  # fmt: skip

    shown = await events.http.get(f"{EVENTS}/corners/{corner_id}", headers=writer)

    assert refreshed.status_code == 200, refreshed.text
    assert stale.status_code == 412, stale.text
    assert shown.headers["ETag"] == '"2"'
    assert shown.json() == {
        "corner_id": corner_id,
        "office": COMMUNITY_A,
        "place": "社区服务中心门口",
        "since": "2026-01-05",
        "refreshes": [{"refreshed_on": "2026-06-26", "theme": "6.26国际禁毒日"}],
        "version": 2,
    }


async def test_an_unknown_corner_is_not_found_on_its_id(
    events: Events, token: Token
) -> None:
    shown = await events.http.get(f"{EVENTS}/corners/nothing", headers=token())

    assert shown.status_code == 404, shown.text
    assert [e["field"] for e in shown.json()["errors"]] == ["corner_id"]


async def test_a_member_who_left_is_no_longer_read_in_the_team(
    events: Events, token: Token
) -> None:
    writer = token()
    stays = await events.registry.person(COMMUNITY_A, date(1951, 6, 6), name="周桂英")
    goes = await events.registry.person(COMMUNITY_A, date(1952, 7, 7), name="吴建国")
    await events.settle()
    formed = await events.post(
        "/teams", writer, office=COMMUNITY_A, name="秧歌队", kind="yangko",
        formed_on="2026-02-01",
    )  # fmt: skip
    team_id = formed.json()["id"]
    for version, person in enumerate((goes, stays), start=1):
        await events.post(
            f"/teams/{team_id}/members", writer, version, person_id=person,
            on="2026-02-03",
        )  # fmt: skip
    left = await events.post(
        f"/teams/{team_id}/leavers", writer, 3, person_id=goes, on="2026-05-01"
    )

    shown = await events.http.get(f"{EVENTS}/teams/{team_id}", headers=writer)

    assert left.status_code == 200, left.text
    assert [m["name"] for m in shown.json()["members"]] == ["周桂英"]
