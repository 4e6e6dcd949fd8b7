"""A person erased (个人信息删除) as employment shows them, and what it then refuses.

The registry feed seals personal fields as the registry does; erasing destroys the
person's key and appends ``PersonErased``. Employment's people copy, its read models
holding personal text (employer, notes, findings) and its figures then show the person
as erased; a rebuild gives the same tables.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts.personal import ERASED_DATE, ERASED_NAME, ERASED_TEXT
from shequ.contracts.registry import PersonErased
from shequ.service.people import find_person
from shequ.testing.feeds import COMMUNITY_A

API = "/api/v1/employment"
ASSISTANCE = f"{API}/assistance"
RATE = f"{API}/figures/employment-rate"


async def _person_with_a_case(employment, token) -> str:
    """Employed at 花果山厂, with a difficulty, a contact and guidance on record."""
    employment.registry.store.keyring = employment.runtime.keyring
    person = await employment.registry.person(
        COMMUNITY_A, date(1975, 3, 1), "female", name="孙小圣"
    )
    await employment.settle()
    await employment.record_status(token(), person, "employed", employer="花果山厂")
    for path, body in [
        (
            "difficulty",
            {
                "category": "older_worker",
                "identified_on": "2026-11-02",
                "notes": "丈夫病重",
            },
        ),
        (
            "contacts",
            {
                "kind": "home_visit",
                "contacted_on": "2026-11-03",
                "findings": "想学育婴",
            },
        ),
        (
            "guidance",
            {
                "kind": "job_introduction",
                "given_on": "2026-11-04",
                "notes": "推荐至家政公司",
            },
        ),
    ]:
        answer = await employment.http.post(
            f"{ASSISTANCE}/{person}/{path}", headers=token(), json=body
        )
        assert answer.status_code == 200, answer.text
    await employment.settle()
    return person


async def _erase(employment, person: str) -> None:
    """What the registry does: destroy the key, then record the erasure."""
    await employment.runtime.keyring.erase([person])
    await employment.registry.append(
        person,
        [PersonErased(office=COMMUNITY_A, ground="purpose_fulfilled", reason="期满")],
    )
    await employment.settle()


async def _personal_text(employment, headers, person: str) -> dict[str, object]:
    assistance = (
        await employment.http.get(f"{ASSISTANCE}/{person}", headers=headers)
    ).json()
    profile = (
        await employment.http.get(f"{API}/profiles/{person}", headers=headers)
    ).json()
    return {
        "employer": profile["employer"],
        "difficulty": assistance["difficulty"]["notes"],
        "contacts": [c["findings"] for c in assistance["contacts"]],
        "guidance": [g["notes"] for g in assistance["guidance"]],
    }


async def _working_age(employment, token) -> int:
    answer = await employment.http.get(RATE, headers=token())
    assert answer.status_code == 200, answer.text
    offices = answer.json()["offices"]
    return sum(r["working_age"] for r in offices if r["level"] == "community")


async def test_an_erased_persons_records_show_erased_values(employment, token) -> None:
    person = await _person_with_a_case(employment, token)
    before = await _personal_text(employment, token(), person)

    await _erase(employment, person)

    assert before == {
        "employer": "花果山厂",
        "difficulty": "丈夫病重",
        "contacts": ["想学育婴"],
        "guidance": ["推荐至家政公司"],
    }
    assert await _personal_text(employment, token(), person) == {
        "employer": None,
        "difficulty": ERASED_TEXT,
        "contacts": [ERASED_TEXT],
        "guidance": [ERASED_TEXT],
    }


async def test_the_people_copy_reads_an_erased_person_as_erased(
    employment, token
) -> None:
    person = await _person_with_a_case(employment, token)

    await _erase(employment, person)

    copied = await find_person(employment.runtime.pool, person)
    assert copied is not None
    assert (copied.name, copied.document_masked, copied.birth_date, copied.erased) == (
        ERASED_NAME,
        None,
        ERASED_DATE,
        True,
    )


async def test_the_difficulty_ledger_lists_an_erased_person_as_erased(
    employment, token
) -> None:
    person = await _person_with_a_case(employment, token)

    await _erase(employment, person)

    ledger = await employment.http.get(f"{API}/ledgers/difficulty", headers=token())
    [row] = [r for r in ledger.json()["items"] if r["person_id"] == person]
    assert (row["name"], row["document_masked"]) == (ERASED_NAME, None)


async def test_nothing_new_is_recorded_for_an_erased_person(employment, token) -> None:
    person = await _person_with_a_case(employment, token)
    await _erase(employment, person)

    refused = await employment.http.post(
        f"{API}/profiles/{person}/status",
        json={
            "status": "unemployed",
            "since": "2026-11-20",
            "reason": "走访排查",
            "source": "home_visit",
        },
        headers=await employment.profile_read(token(), person),
    )

    assert refused.status_code == 422, refused.text
    assert refused.json()["type"].endswith("person-erased")


async def test_figures_count_an_erased_person_nowhere(employment, token) -> None:
    person = await _person_with_a_case(employment, token)
    counted = await _working_age(employment, token)

    await _erase(employment, person)

    assert await _working_age(employment, token) == counted - 1


async def test_a_rebuild_after_erasure_gives_the_same_tables(employment, token) -> None:
    person = await _person_with_a_case(employment, token)
    await _erase(employment, person)
    wiped = await _personal_text(employment, token(), person)

    for runner in employment.runtime.runners.values():
        await runner.rebuild()
    await employment.settle()

    assert await _personal_text(employment, token(), person) == wiped
    copied = await find_person(employment.runtime.pool, person)
    assert copied is not None
    assert (copied.name, copied.erased) == (ERASED_NAME, True)
