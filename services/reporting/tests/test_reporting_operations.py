"""Operators see reporting's projections and parked messages like any service's."""

from __future__ import annotations


async def test_the_status_lists_every_projection_and_nothing_parked(
    reporting, token
) -> None:
    response = await reporting.http.get("/api/v1/reporting/ops/status", headers=token())

    body = response.json()
    assert (response.status_code, body["service"], body["parked"]) == (
        200,
        "reporting",
        0,
    )
    assert sorted(p["name"] for p in body["projections"]) == sorted(
        reporting.runtime.runners
    )


async def test_a_message_parked_in_a_generation_is_listed(reporting, token) -> None:
    name, runner = next(iter(reporting.runtime.runners.items()))
    # As the runner parks a message it cannot apply: in its generation's schema.
    await runner.pool.execute(
        """INSERT INTO parked_events
               (projection, source, stream_seq, event_type, body, error, attempts)
           VALUES ($1, 'employment', 7, 'LabourStatusRecorded', '{}', 'boom', 3)""",
        name,
    )

    listed = await reporting.http.get("/api/v1/reporting/ops/parked", headers=token())
    status = await reporting.http.get("/api/v1/reporting/ops/status", headers=token())

    assert listed.status_code == 200
    assert [
        (p["projection"], p["source"], p["stream_seq"], p["error"])
        for p in listed.json()
    ] == [(name, "employment", 7, "boom")]
    assert status.json()["parked"] == 1
