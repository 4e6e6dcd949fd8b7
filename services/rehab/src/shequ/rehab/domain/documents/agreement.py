"""社区戒毒(康复)协议书: the office and the person agree the term's duties. Pure.

From 《禁毒法》 art. 34–35, 《戒毒条例》 art. 17–21 and the seed's plan (000 篇三): the
office makes the plan, forms the "多帮一" team, tests and evaluates; the person reports,
is tested, never leaves the county without approval; three refusals or absences, more
than 30 days away or a relapse are serious violations, reported to the police.
"""

from __future__ import annotations

from datetime import date

from shequ.documents import Document, Section, Signature, cn_date
from shequ.rehab.domain.documents._model import CaseFacts
from shequ.rehab.domain.documents._words import KIND_NAMES, SEX_NAMES, number_of, term

TITLE = "社区戒毒(康复)协议书"
OFFICE_DUTIES = (
    "根据乙方的实际情况制定社区戒毒(康复)计划，明确戒毒措施、检测方式和频次。",
    "组成由社区戒毒(康复)专职工作人员、社区民警、家庭成员、医务人员等参加的"
    "“多帮一”帮教小组，为乙方提供戒毒知识辅导、心理辅导、教育培训、就业指导和法律援助。",
    "定期组织乙方进行尿样毒品检测，对乙方的戒毒(康复)情况进行评估。",
    "依法保护乙方的个人信息和隐私，不泄露乙方的戒毒(康复)情况。",
    "乙方违反本协议的，对其批评、教育并予告诫；严重违反本协议的，及时报告公安机关。",
)
CLIENT_DUTIES = (
    "遵守法律、法规，履行本协议，不再吸食、注射毒品。",
    "按照甲方的要求定期报告戒毒(康复)情况，接受走访、谈话和评估。",
    "按照甲方的要求接受尿样毒品检测，不得拒绝或者逃避检测。",
    "未经批准不得离开执行地所在县(市、区)；确需离开的，应当事先提出书面申请，"
    "经批准后方可离开，并按期返回。",
    "变更住所或者联系方式的，应当及时告知甲方。",
    "参加甲方组织的教育、培训、康复和公益活动。",
)
BREACHES = (
    "乙方违反本协议的，甲方予以告诫，并记入社区戒毒(康复)档案。",
    "乙方逃避或者拒绝接受检测三次以上，擅自离开执行地所在县(市、区)三次以上"
    "或者累计超过30日，或者在此期间又吸食、注射毒品的，属严重违反本协议，"
    "甲方将立即报告公安机关依法处理。",
)
CLOSING = (
    "本协议自甲、乙双方签字(盖章)之日起生效，至社区戒毒(康复)期满解除之日终止。"
    "本协议一式三份，甲方、乙方和决定机关各执一份。"
)


def compose(facts: CaseFacts, number: str | None, issued_on: date) -> Document:
    """The agreement of the case; ``number`` defaults to the signed agreement's."""
    starts, ends = term(facts)
    client = facts.client
    preamble = (
        f"依据《中华人民共和国禁毒法》和《戒毒条例》，{facts.police_organ}于"
        f"{cn_date(facts.decided_on)}作出{facts.decision_number}决定，责令乙方接受"
        f"{KIND_NAMES[facts.kind]}，期限{facts.term_months}个月，自{cn_date(starts)}"
        f"起至{cn_date(ends)}止。为帮助乙方戒除毒瘾、回归社会，甲乙双方订立本协议。"
    )
    return Document(
        kind="agreement",
        title=TITLE,
        number=number_of(number, facts, ""),
        issued_on=issued_on,
        parties=(
            ("甲方(社区戒毒(康复)工作机构)", facts.office_name),
            ("乙方(社区戒毒(康复)人员)", client.name),
            ("性别", SEX_NAMES.get(client.sex, client.sex)),
            ("出生日期", cn_date(client.birth_date)),
        ),
        preamble=preamble,
        sections=(
            Section("一、甲方的责任", OFFICE_DUTIES),
            Section("二、乙方的义务", CLIENT_DUTIES),
            Section("三、违反协议的处理", BREACHES),
        ),
        closing=CLOSING,
        signatures=(
            Signature("甲方(盖章)", facts.office_name),
            Signature("专职工作人员(签名)"),
            Signature("乙方(签名)", client.name),
        ),
    )
