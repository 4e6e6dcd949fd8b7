"""A scorecard printed: the board as an Excel sheet, the card as an A4 PDF."""

from __future__ import annotations

from shequ.access import china_date
from shequ.contracts.messages import N_, Msg
from shequ.contracts.reporting import (
    COMPARISON_LABELS,
    DESIGNATION_STATUS_LABELS,
    METRIC_LABELS,
    CampaignDefined,
)
from shequ.documents import Document, Section, Signature
from shequ.i18n import Language, translate
from shequ.i18n import render as say
from shequ.reporting.readmodels.scorecards import (
    CommunityCard,
    CriterionView,
    Scorecard,
)
from shequ.webapi.sheets import Column, Sheet


def _title(card: Scorecard, language: Language) -> str:
    return say(N_("{campaign} scorecard"), {"campaign": card.campaign_name}, language)


def scorecard_sheet(card: Scorecard, campaign: CampaignDefined) -> Sheet:
    rows = card.communities or [
        CommunityCard(
            office=card.office,
            name=card.office_name or card.office,
            status=card.status,
            grade=card.grade,
            criteria=card.criteria,
            passes=card.passes,
        )
    ]
    columns = [
        Column("office", N_("office code"), "id"),
        Column("name", N_("office")),
        Column("status", N_("stage"), labels=DESIGNATION_STATUS_LABELS),
        Column("grade", N_("grade")),
        *(
            Column(
                f"c{i}", Msg(c.label or METRIC_LABELS.get(c.metric, c.metric)), "number"
            )
            for i, c in enumerate(campaign.criteria)
        ),
        Column("passes", N_("meets every criterion"), "yesno"),
    ]
    values = (
        [r.office, r.name, r.status, r.grade, *(c.actual for c in r.criteria), r.passes]
        for r in rows
    )
    return Sheet(Msg(card.campaign_name), columns, values)


def _line(criterion: CriterionView, language: Language) -> str:
    verdict = {True: N_("met"), False: N_("not met"), None: N_("no figure")}[
        criterion.met
    ]
    return say(
        N_("{label} {comparison} {threshold}: {actual}, {verdict}"),
        {
            "label": criterion.label,
            "comparison": COMPARISON_LABELS[criterion.comparison],
            "threshold": f"{criterion.threshold:g}",
            "actual": "-" if criterion.actual is None else f"{criterion.actual:g}",
            "verdict": verdict,
        },
        language,
    )


def _stage(status: str | None, language: Language) -> str:
    if status is None:
        return translate(N_("not begun"), language)
    return translate(DESIGNATION_STATUS_LABELS[status], language)


def scorecard_document(card: Scorecard, language: Language) -> Document:
    """The scorecard as a printable A4 form: the office's card, then each community."""
    own = Section(
        heading=card.office_name or card.office,
        items=tuple(_line(c, language) for c in card.criteria),
    )
    communities = tuple(
        Section(
            heading=f"{c.name}（{_stage(c.status, language)}）",
            items=tuple(_line(x, language) for x in c.criteria),
        )
        for c in card.communities
    )
    rate = (
        []
        if card.pass_rate is None
        else [
            say(
                N_("pass rate {rate} against {target}"),
                {
                    "rate": f"{card.pass_rate:.0%}",
                    "target": "-"
                    if card.pass_rate_target is None
                    else f"{card.pass_rate_target:.0%}",
                },
                language,
            )
        ]
    )
    return Document(
        kind="scorecard",
        title=_title(card, language),
        number=f"{card.campaign}-{card.office}-{china_date(card.as_of):%Y%m%d}",
        issued_on=china_date(card.as_of),
        parties=((translate(N_("office"), language), card.office_name or card.office),),
        preamble=" ".join(rate),
        sections=(own, *communities),
        closing="",
        signatures=(Signature(label=translate(N_("reviewed by"), language)),),
    )
