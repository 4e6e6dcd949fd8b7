"""The demo ``make run`` loads into reporting: the seeds' campaigns, a designation.

The district defines 绿色社区, 无毒社区 and 充分就业社区 as 篇一, 篇五 and 篇二 set
them; 东向社区 has done three of 绿色社区's four preparation stages (the
self-check is next) and is graded 创无毒 for this year. A second start adds
nothing: a campaign already defined is left as it stands, a designation already
begun is not touched.
"""

from __future__ import annotations

from datetime import timedelta

from shequ.access import Acting, china_date
from shequ.contracts.reporting import Criterion, Stage
from shequ.reporting.domain import designations
from shequ.reporting.domain.designations import campaign
from shequ.reporting.domain.designations.standard import CAMPAIGNS
from shequ.reporting.handlers.designations import define_campaign
from shequ.reporting.readmodels.designations import campaign_of, history
from shequ.service import Runtime, execute_as

DISTRICT = "441900000000"
COMMUNITY = "441900101002"  # 东向社区
GREEN = "green_community"


async def load_demo(runtime: Runtime) -> None:
    """Define the campaigns and start 东向社区's designations, once."""
    now = runtime.clock()
    district = Acting(staff_id="demo", office=DISTRICT, now=now)
    for code, data in CAMPAIGNS.items():
        if (await campaign_of(runtime.store, code))[0] is not None:
            continue
        await define_campaign(
            runtime.store,
            district,
            campaign.DefineCampaign(
                campaign=code,
                office=DISTRICT,
                name=data["name"],
                stages=tuple(Stage(**s) for s in data["stages"]),
                min_households=data["min_households"],
                min_residents=data["min_residents"],
                criteria=tuple(Criterion(**c) for c in data["criteria"]),
                pass_rate=data["pass_rate"],
                grades=tuple(data["grades"]),
                recheck_years=data["recheck_years"],
                by=district,
            ),
            None,
        )
    green, _ = await campaign_of(runtime.store, GREEN)
    assert green is not None
    community = Acting(staff_id="demo", office=COMMUNITY, now=now)
    today = china_date(now)
    if (await history(runtime.store, COMMUNITY, GREEN))[1]:
        return
    for weeks, stage in zip(
        (9, 6, 3), ("organisation", "publicity", "training"), strict=True
    ):
        await _step(
            runtime,
            GREEN,
            designations.RecordStage(
                campaign=green,
                stage=stage,
                on=today - timedelta(weeks=weeks),
                note="",
                by=community,
            ),
        )
    drug_free, _ = await campaign_of(runtime.store, "drug_free_community")
    assert drug_free is not None
    await _step(
        runtime,
        "drug_free_community",
        designations.SetGrade(
            campaign=drug_free, year=today.year, grade="创无毒", by=district
        ),
    )


async def _step(runtime: Runtime, code: str, command: designations.Command) -> None:
    # The registry's offices may not have reached reporting yet: the demo's own
    # office is known, so the step is taken without the handler's check.
    await execute_as(
        command.by,
        runtime.store,
        designations.decider_for(COMMUNITY, code),
        designations.stream_of(COMMUNITY, code),
        command,
    )
