"""The search of persons (一人一档) and what it shows of each.

Search stays inside the reader's office subtree (``office LIKE prefix%``), classifies
the query (an ID number, a phone number, or the start of a name) so each kind uses its
own index, and masks identity numbers and phones unless the reader's role needs them:
those readers get them opened from the sealed columns (``persons``), the others get
the masked ones. A number is searched by its digest, never compared in clear.
"""

from __future__ import annotations

import re
from datetime import date

import asyncpg
from pydantic import BaseModel, Field

from shequ.contracts.personal import ERASED_NAME
from shequ.keyring import KeyRing
from shequ.registry.readmodels.directory.persons import phone_digest
from shequ.service import TOTAL, Page, fetch_page
from shequ.service.people import document_digest


class PersonDetails(BaseModel):
    """What a file and a search result both show of a person (masked or not)."""

    person_id: str
    office: str
    office_name: str | None = Field(
        None, description="the office's name, shown beside its code"
    )
    name: str = Field(description=f"{ERASED_NAME} once the person is erased")
    document_kind: str | None
    document_number: str | None
    birth_date: date | None = Field(description="none once the person is erased")
    sex: str
    phone: str | None
    address: str
    residence: str
    tags: list[str]


class PersonRow(PersonDetails):
    """One line of a search result, masked or not as the reader may see it."""

    status: str = Field(description="living, deceased, merged or erased")
    household_id: str | None
    version: int


PersonPage = Page[PersonRow]


_SEPARATORS = re.compile(r"[\s-]")


async def search_persons(
    pool: asyncpg.Pool,
    keyring: KeyRing,
    *,
    within: str,
    query: str | None,
    page: int,
    size: int,
    unmasked: bool,
) -> PersonPage:
    """Persons in the subtree ``within`` matching ``query``, ``size`` to a page."""
    text = (query or "").strip()
    args: tuple[object, ...]
    if any(c.isdigit() for c in text):
        # Names hold no digits: this is a document (ID, passport, permit) or a phone,
        # written as people write them (spaces, hyphens, +86), found by its digest.
        text = _SEPARATORS.sub("", text).upper().removeprefix("+86")
        where = "(document_digest = $3 OR phone_digest = $4)"
        args = (document_digest(keyring, text), phone_digest(keyring, text))
    elif text:
        # The index finds candidates by their characters; strpos keeps those holding
        # the query whole. Names that begin with it come first.
        where = (
            "name_grams(name) @> name_query_grams($2)"
            " AND strpos(lower(name), lower($2)) > 0"
        )
        args = ()
    else:
        where, args = "$2 = ''", ()
    found = await fetch_page(
        pool,
        _Found,
        f"""SELECT *,
            (SELECT o.name FROM offices o WHERE o.code = persons.office) AS office_name,
            {TOTAL}
            FROM persons
            WHERE office LIKE $1 || '%' AND {where} AND status <> 'merged'
            ORDER BY strpos(lower(name), lower($2)), name, person_id""",
        within,
        text,
        *args,
        page=page,
        size=size,
    )
    if unmasked:
        await keyring.prepare_subjects(row.person_id for row in found.items)
    items = [row.shown(keyring if unmasked else None) for row in found.items]
    return PersonPage(items=items, total=found.total, page=page, size=size)


class _Found(BaseModel):
    """A row as stored: numbers sealed and masked, never in clear."""

    person_id: str
    office: str
    office_name: str | None
    name: str
    document_kind: str | None
    document_sealed: str | None
    document_masked: str | None
    birth_date: date | None
    sex: str
    phone_sealed: str | None
    phone_masked: str | None
    address: str
    residence: str
    tags: list[str]
    status: str
    erased: bool
    household_id: str | None
    version: int

    def shown(self, keyring: KeyRing | None) -> PersonRow:
        """The row as the reader may see it: opened with ``keyring``, else masked."""
        row = self.model_dump(
            exclude={"document_sealed", "document_masked", "phone_sealed"}
            | {"phone_masked", "erased"}
        )
        row["status"] = "erased" if self.erased else self.status
        if keyring is None:
            row["document_number"] = self.document_masked
            row["phone"] = self.phone_masked
        else:
            row["document_number"] = self._opened(keyring, self.document_sealed)
            row["phone"] = self._opened(keyring, self.phone_sealed)
        return PersonRow.model_validate(row)

    def _opened(self, keyring: KeyRing, sealed: str | None) -> str | None:
        return None if sealed is None else keyring.open_text(self.person_id, sealed)


__all__ = ["PersonDetails", "PersonPage", "PersonRow", "search_persons"]
