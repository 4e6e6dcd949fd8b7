"""A document sent as a download: its Chinese name in RFC 5987 form, its SHA-256."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from collections.abc import AsyncIterator
from datetime import date

from shequ.documents import (
    DOCUMENT_DOWNLOAD,
    MEDIA_TYPES,
    SHA256_PATTERN,
    Document,
    digest,
    download_headers,
    read_at_most,
)

DOC = Document(
    kind="visit_record",
    title="回访记录",
    number="A 1",
    issued_on=date(2026, 12, 6),
    parties=(),
    preamble="",
    sections=(),
    closing="",
    signatures=(),
)


def test_the_download_names_the_file_in_ascii_then_in_utf8() -> None:
    headers = download_headers(DOC, "pdf", b"%PDF")

    assert headers["Content-Disposition"] == (
        "attachment; filename=\"visit_record.pdf\"; filename*=UTF-8''"
        "%E5%9B%9E%E8%AE%BF%E8%AE%B0%E5%BD%95_A%201.pdf"
    )


def test_the_download_carries_the_files_sha256_as_repr_digest() -> None:
    headers = download_headers(DOC, "docx", b"content")

    sha = base64.b64encode(hashlib.sha256(b"content").digest()).decode()
    assert headers["Repr-Digest"] == f"sha-256=:{sha}:"


def test_the_routes_openapi_lists_both_media_types() -> None:
    assert set(DOCUMENT_DOWNLOAD[200]["content"]) == set(MEDIA_TYPES.values())


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


def test_a_checked_file_is_read_whole_up_to_the_limit_and_refused_past_it() -> None:
    whole = asyncio.run(read_at_most(_chunks(b"ab", b"cd"), limit=4))
    past = asyncio.run(read_at_most(_chunks(b"ab", b"cde"), limit=4))

    assert (whole, past) == (b"abcd", None)
    assert re.fullmatch(SHA256_PATTERN, digest(b"abcd"))
