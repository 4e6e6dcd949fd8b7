"""A document answered over HTTP: the headers of the download, the OpenAPI of the route.

Plain data, no web framework: a service's route sets these on its own response. The
file name is Chinese (its title and number), so Content-Disposition carries it as
``filename*`` (RFC 6266, RFC 5987 encoding) after an ASCII ``filename`` for old
clients; Repr-Digest (RFC 9530) carries the SHA-256 a service records at issue.
"""

from __future__ import annotations

import base64
import hashlib
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


def download_headers(doc: Document, fmt: Format, content: bytes) -> dict[str, str]:
    """The headers of ``content`` (``doc`` rendered as ``fmt``) sent as a download."""
    digest = base64.b64encode(hashlib.sha256(content).digest()).decode()
    return {
        "Content-Disposition": f'attachment; filename="{doc.kind}.{fmt}"; '
        f"filename*=UTF-8''{quote(file_name(doc, fmt))}",
        "Repr-Digest": f"sha-256=:{digest}:",
    }
