"""What a ledger's columns mean: headers in Chinese or English, and their values.

The header is the first row naming a known column (a title row above it, as many
ledgers have, is skipped). Unknown columns are ignored; a missing required column
refuses the file. Values are read as a clerk writes them: 男/女, 户籍/流动, tags
separated by commas or 、, dates as 1990-03-07, 1990/3/7, 19900307 or 1990年3月7日.
A value that cannot be read is a :class:`DomainError` naming its field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import cast

from shequ.contracts import DomainError, ledgers
from shequ.contracts.messages import N_
from shequ.contracts.registry import Residence, Sex, Tag
from shequ.registry.domain.identity import DocumentType

HEADERS = {
    "name": ("姓名", "name"),
    "document_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "证件号码",
        "id_number",
        "document_number",
    ),
    "document_kind": ("证件类型", "document_kind"),
    "sex": ("性别", "sex"),
    "birth_date": ("出生日期", "birth_date"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "phone"),
    "address": ("住址", "地址", "现住址", "address"),
    "residence": ("户籍类型", "人口类型", "residence"),
    "tags": ("标签", "tags"),
}
REQUIRED = ("name", "document_number", "address")

SEXES: dict[str, Sex] = {
    "男": "male",
    "女": "female",
    "male": "male",
    "female": "female",
}
RESIDENCES: dict[str, Residence] = {
    "户籍": "registered",
    "户籍人口": "registered",
    "registered": "registered",
    "流动": "floating",
    "流动人口": "floating",
    "floating": "floating",
}
TAGS: dict[str, Tag] = {
    "在校学生": "student",
    "学生": "student",
    "退休": "retiree",
    "退休人员": "retiree",
    "残疾": "disabled",
    "残疾人": "disabled",
    "低保": "subsistence_allowance",
    "困难家庭": "hardship_family",
    "党员": "party_member",
    "优抚": "veteran_family",
    "优抚对象": "veteran_family",
}
KINDS = {
    "居民身份证": DocumentType.RESIDENT_ID,
    "身份证": DocumentType.RESIDENT_ID,
    "护照": DocumentType.PASSPORT,
    "港澳通行证": DocumentType.HK_MACAU_PERMIT,
    "港澳居民来往内地通行证": DocumentType.HK_MACAU_PERMIT,
    "台湾通行证": DocumentType.TAIWAN_PERMIT,
    "台胞证": DocumentType.TAIWAN_PERMIT,
    "台湾居民来往大陆通行证": DocumentType.TAIWAN_PERMIT,
}
_TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")


def document_kind(text: str) -> DocumentType:
    """The document type named; a blank cell means a resident ID card."""
    if not text:
        return DocumentType.RESIDENT_ID
    kind = KINDS.get(text) or _english(DocumentType, text)
    if kind is None:
        raise _unknown(text, KINDS, field="document_kind")
    return kind


def sex(text: str) -> Sex | None:
    if not text:
        return None
    if (value := SEXES.get(text.lower())) is None:
        raise _unknown(text, SEXES, field="sex")
    return value


def residence(text: str) -> Residence:
    """户籍 (registered) or 流动 (floating); a blank cell means registered."""
    if not text:
        return "registered"
    if (value := RESIDENCES.get(text.lower())) is None:
        raise _unknown(text, RESIDENCES, field="residence")
    return value


def tags(text: str) -> frozenset[Tag]:
    names = [name for name in _TAG_SEPARATORS.split(text) if name]
    unknown = [n for n in names if n not in TAGS and n.lower() not in TAGS.values()]
    if unknown:
        raise _unknown("、".join(unknown), TAGS, field="tags")
    return frozenset(TAGS.get(n) or cast(Tag, n.lower()) for n in names)


def birth_date(text: str) -> date | None:
    return ledgers.ledger_date(text, "birth_date")


def _english(kind: type[DocumentType], text: str) -> DocumentType | None:
    try:
        return kind(text.lower())
    except ValueError:
        return None


def _unknown(text: str, known: Mapping[str, str], *, field: str) -> DomainError:
    choices = "、".join(known)
    return DomainError(
        N_("{text} is not one of {choices}"),
        field=field,
        text=repr(text),
        choices=choices,
    )
