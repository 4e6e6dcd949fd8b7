"""A document answered over HTTP: the headers of the download, the OpenAPI of the route.

Plain data, no web framework: a service's route sets these on its own response. The
file name is Chinese (its title and number), so Content-Disposition carries it as
``filename*`` (RFC 6266, RFC 5987 encoding) after an ASCII ``filename`` for old
clients; Repr-Digest (RFC 9530) carries the SHA-256 a service records at issue.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

from shequ.documents._files import MEDIA_TYPES, Format, file_name
from shequ.documents._model import Document

_FILE = {"schema": {"type": "string", "format": "binary"}}
#: ``responses=`` of a route answering a document, so its OpenAPI says so.
DOCUMENT_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the document, as a PDF or Word file",
        "content": dict.fromkeys(MEDIA_TYPES.values(), _FILE),
    }
}

#: ``openapi_extra=`` of a route that takes a file's bytes as its body (a check).
FILE_UPLOAD: dict[str, Any] = {
    "requestBody": {"required": True, "content": {"application/octet-stream": _FILE}}
}
SHA256_PATTERN = "^[0-9a-f]{64}$"
"""A digest as recorded and as a route's path names it: SHA-256, lowercase hex."""
MAX_FILE = 20 << 20
"""The largest file a check reads: a scanned copy is larger than any document."""


async def read_at_most(
    chunks: AsyncIterator[bytes], limit: int = MAX_FILE
) -> bytes | None:
    """The bytes of ``chunks`` (a request's body), or None once past ``limit``."""
    content = b""
    async for chunk in chunks:
        content += chunk
        if len(content) > limit:
            return None
    return content


def download_headers(doc: Document, fmt: Format, content: bytes) -> dict[str, str]:
    """The headers of ``content`` (``doc`` rendered as ``fmt``) sent as a download."""
    digest = base64.b64encode(hashlib.sha256(content).digest()).decode()
    return {
        "Content-Disposition": f'attachment; filename="{doc.kind}.{fmt}"; '
        f"filename*=UTF-8''{quote(file_name(doc, fmt))}",
        "Repr-Digest": f"sha-256=:{digest}:",
    }
