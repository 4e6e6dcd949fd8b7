"""The ledgers kept as they stand (现状) answer a reading of now as the rows of every
version do, batch after batch, and a fill after a bulk load gives the same tables."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from shequ.access import Role, china_date
from shequ.contracts import EventEnvelope
from shequ.contracts.employment import (
    CertificateIssued,
    CertificateReturned,
    LabourStatusRecorded,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.contracts.registry import PersonErased, PersonMoved
from shequ.reporting.domain.figures import (
    BirthSpans,
    birth_spans,
    rule_in_force,
    working_age_on,
)
from shequ.reporting.readmodels.ledgers import ledgers_projection, now
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    COMMUNITY_B,
    STREET_A,
    envelope_of,
)

FIGURES = "/api/v1/reporting/figures"
LEDGER = "/api/v1/reporting/ledgers/unemployed"
KEPT = ("unemployed_now", "figure_days", "figure_years")


def test_a_span_of_birth_dates_is_whole_years_and_the_days_of_its_ends() -> None:
    assert birth_spans(date(1966, 12, 6), date(2010, 12, 7)) == BirthSpans(
        (1967, 2009),
        (
            (date(1966, 12, 7), date(1966, 12, 31)),
            (date(2010, 1, 1), date(2010, 12, 7)),
        ),
    )
    # Ends on a year's edge leave no part year.
    assert birth_spans(date(1966, 12, 31), date(2010, 12, 31)) == BirthSpans(
        (1967, 2010), ()
    )
    assert birth_spans(date(2000, 3, 1), date(2000, 9, 1)) == BirthSpans(
        None, ((date(2000, 3, 2), date(2000, 9, 1)),)
    )
    assert birth_spans(date(2000, 3, 1), date(2001, 2, 1)) == BirthSpans(
        None,
        ((date(2000, 3, 2), date(2000, 12, 31)), (date(2001, 1, 1), date(2001, 2, 1))),
    )
    assert birth_spans(date(2000, 3, 1), date(2000, 3, 1)) == BirthSpans(None, ())


def _births() -> list[tuple[str, date]]:
    """Birth dates on both sides of each bound of working age today, and between."""
    age = working_age_on(china_date(datetime.now(UTC)), rule_in_force(None))
    day = timedelta(days=1)
    births = []
    for sex, after in (("male", age.men_born_after), ("female", age.women_born_after)):
        births += [(sex, after), (sex, after + day), (sex, after + 40 * day)]
        births += [(sex, date(after.year + 10, 6, 1))]
        young = age.born_on_or_before
        births += [(sex, young), (sex, young + day), (sex, young - 100 * day)]
    return births


async def _history(reporting) -> None:
    """People of every kind the figures tell apart, then each kind of change."""
    people = []
    statuses = ["unemployed", "employed", "unemployed", "flexible", "unemployed"]
    for i, (sex, born) in enumerate(_births()):
        office = (COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B)[i % 3]
        tags = ["student"] if i % 5 == 4 else []
        person = await reporting.registry.person(office, born, sex, tags)
        await reporting.labour(person, office, statuses[i % len(statuses)])
        people.append((person, office))
    registered, office = people[1]
    await reporting.employment.append(
        f"unemployment/{registered}",
        [
            UnemploymentRegistered(
                person_id=registered,
                office=office,
                registration_id="r-1",
                registered_on=date(2026, 5, 1),
            ),
            *(
                CertificateIssued(
                    person_id=registered,
                    office=office,
                    kind="unemployment",
                    number=number,
                    issued_on=date(2026, 5, 2),
                )
                for number in ("SY-001", "SY-002")
            ),
        ],
    )
    await reporting.settle()
    # Each change in a batch of its own: the kept tables move batch by batch.
    await reporting.employment.append(
        f"unemployment/{registered}",
        [
            CertificateReturned(
                person_id=registered,
                office=office,
                number="SY-001",
                returned_on=date(2026, 6, 1),
            )
        ],
    )
    await reporting.settle()
    moved, moved_from = people[2]
    await reporting.registry.move(moved, moved_from, COMMUNITY_A2)
    await reporting.labour(people[3][0], people[3][1], "unemployed")
    await reporting.labour(people[0][0], people[0][1], "employed")
    await reporting.settle()
    await reporting.registry.died(people[4][0], people[4][1], date(2026, 7, 1))
    await reporting.registry.tag(people[5][0], people[5][1], ["student"])
    erased, erased_office = people[6]
    await reporting.runtime.keyring.erase([erased])
    await reporting.registry.append(
        erased,
        [PersonErased(office=erased_office, ground="registered_in_error", reason="错")],
    )
    await reporting.employment.append(
        f"unemployment/{registered}",
        [
            UnemploymentRegistrationEnded(
                person_id=registered,
                office=office,
                registration_id="r-1",
                ended_on=date(2026, 8, 1),
                reason="就业",
            )
        ],
    )
    await reporting.settle()


async def _readings(reporting, token) -> list[object]:
    """The figures and the ledger's pages, as the district, a street, a community."""
    readers = [
        token(),
        token(Role.STREET_ADMIN, STREET_A),
        token(Role.COMMUNITY_WORKER, COMMUNITY_A2),
    ]
    found = []
    for headers in readers:
        figures = await reporting.http.get(FIGURES, headers=headers)
        assert figures.status_code == 200, figures.text
        found.append(figures.json()["offices"])
        for page in (1, 2, 3, 9):
            ledger = await reporting.http.get(
                LEDGER, params={"size": 2, "page": page}, headers=headers
            )
            assert ledger.status_code == 200, ledger.text
            found.append({k: v for k, v in ledger.json().items() if k != "as_of"})
    return found


async def _kept(pool) -> dict[str, list[tuple[object, ...]]]:
    return {
        t: [tuple(r) for r in await pool.fetch(f"SELECT * FROM {t} ORDER BY 1, 2, 3")]
        for t in KEPT
    }


async def test_a_reading_of_now_from_the_kept_tables_is_what_the_rows_say(
    reporting, token
) -> None:
    await _history(reporting)
    pool = reporting.runtime.state["generations"].pool("reporting-ledgers")
    assert await now.holds(pool, datetime.now(UTC))
    kept = await _kept(pool)

    from_kept = await _readings(reporting, token)
    await pool.execute("DELETE FROM ledgers_now")  # now read from the rows
    assert not await now.holds(pool, datetime.now(UTC))
    from_rows = await _readings(reporting, token)

    assert from_kept == from_rows
    district = {f["office"]: f for f in from_kept[0]}  # type: ignore[attr-defined]
    assert district[COMMUNITY_B]["working_age"] > 0
    assert district[COMMUNITY_A2]["certificates_in_use"] == 1
    assert kept["unemployed_now"], "someone is listed"
    # Kept batch by batch, the tables are what one fill from the rows makes.
    async with pool.acquire() as conn:
        await now.settle(conn)
    assert await _kept(pool) == kept
    assert await now.holds(pool, datetime.now(UTC))


async def test_a_reading_before_the_latest_change_is_read_from_the_rows(
    reporting, token
) -> None:
    person = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    await reporting.labour(person, COMMUNITY_A, "unemployed")
    await reporting.settle()
    before_move = datetime.now(UTC)
    await reporting.registry.move(person, COMMUNITY_A, COMMUNITY_B)
    await reporting.settle()
    pool = reporting.runtime.state["generations"].pool("reporting-ledgers")
    assert not await now.holds(pool, before_move)

    then = await reporting.http.get(
        LEDGER, params={"as_of": before_move.isoformat()}, headers=token()
    )
    today = await reporting.http.get(LEDGER, headers=token())

    assert [r["office"] for r in then.json()["items"]] == [COMMUNITY_A]
    assert [r["office"] for r in today.json()["items"]] == [COMMUNITY_B]


async def test_a_rebuild_fills_the_kept_tables_once_after_its_bulk_load(
    reporting, token
) -> None:
    await _history(reporting)
    live = await _kept(reporting.runtime.state["generations"].pool("reporting-ledgers"))

    answer = await reporting.http.post(
        "/api/v1/reporting/projections/reporting-ledgers/rebuild", headers=token()
    )

    assert answer.status_code == 200, answer.text
    pool = reporting.runtime.state["generations"].pool("reporting-ledgers")
    assert await now.holds(pool, datetime.now(UTC))
    assert await _kept(pool) == live


async def test_batches_of_two_sources_changing_one_person_take_turns(
    reporting, token
) -> None:
    """A move (registry) and a new status (employment) applied at once: the second
    waits for the first to commit, or each would move the counts from what it saw
    and count the person twice."""
    person = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    await reporting.labour(person, COMMUNITY_A, "unemployed")
    await reporting.settle()
    pool = reporting.runtime.state["generations"].pool("reporting-ledgers")
    apply = ledgers_projection().apply
    moved, employed = _moved_to_b(person), _status(person, "employed", "示范厂")

    async with pool.acquire() as first, pool.acquire() as second:
        move = first.transaction()
        await move.start()
        await apply(first, [moved])

        async def status() -> None:
            async with second.transaction():
                await apply(second, [employed])

        waiting = asyncio.create_task(status())
        await asyncio.sleep(0.5)
        assert not waiting.done(), "the second batch waits for the first"
        await move.commit()
        await waiting

    figures = await reporting.http.get(FIGURES, headers=token())
    offices = {f["office"]: f for f in figures.json()["offices"]}
    assert offices[COMMUNITY_B]["counted"] == 1
    assert offices[COMMUNITY_B]["unemployed"] == 0
    assert COMMUNITY_A not in offices
    kept = await _kept(pool)
    await pool.execute("DELETE FROM ledgers_now")
    async with pool.acquire() as conn:
        await now.settle(conn)
    assert await _kept(pool) == kept


async def test_while_nothing_is_kept_batches_go_side_by_side_and_a_fill_waits(
    reporting, token
) -> None:
    """A rebuild catches its sources up at once, before the fill: their batches do
    not wait on each other then, and a fill begun meanwhile waits for both."""
    person = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    await reporting.labour(person, COMMUNITY_A, "unemployed")
    await reporting.settle()
    pool = reporting.runtime.state["generations"].pool("reporting-ledgers")
    kept = await _kept(pool)
    await pool.execute("DELETE FROM ledgers_now")  # as after a bulk load
    apply = ledgers_projection().apply
    moved, unemployed = _moved_to_b(person), _status(person, "unemployed", None)

    async with (
        pool.acquire() as first,
        pool.acquire() as second,
        pool.acquire() as third,
    ):
        move, status = first.transaction(), second.transaction()
        await move.start()
        await status.start()
        await apply(first, [moved])
        await asyncio.wait_for(apply(second, [unemployed]), timeout=5)
        filling = asyncio.create_task(now.settle(third))
        await asyncio.sleep(0.5)
        assert not filling.done(), "the fill waits for the batches under way"
        await move.commit()
        await status.commit()
        await filling

    assert await _kept(pool) != kept  # the move is counted in the fill
    figures = await reporting.http.get(FIGURES, headers=token())
    offices = {f["office"]: f for f in figures.json()["offices"]}
    assert offices[COMMUNITY_B]["unemployed"] == 1
    assert COMMUNITY_A not in offices


def _moved_to_b(person: str) -> EventEnvelope:
    """The registry's event: ``person`` moves from community A to B."""
    moved = PersonMoved(
        from_office=COMMUNITY_A, to_office=COMMUNITY_B, kind="to_street", address="2号"
    )
    return envelope_of(moved, person)


def _status(person: str, status: str, employer: str | None) -> EventEnvelope:
    """Employment's event: ``person``'s labour status, recorded on a home visit."""
    recorded = LabourStatusRecorded(
        person_id=person,
        office=COMMUNITY_A,
        status=status,
        employer=employer,
        since=date(2026, 3, 1),
        reason="回访",
        source="home_visit",
    )
    return envelope_of(recorded, person, service="employment")
