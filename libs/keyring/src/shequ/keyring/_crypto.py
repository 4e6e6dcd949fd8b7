"""The cipher work, pure: wrap a data key, seal and open personal fields, digest.

AES-256-GCM (authenticated: a changed byte fails to open, it never reads as other
data) from ``cryptography``. Each sealed value binds its subject and event type as
associated data, so a ciphertext moved to another person's event does not open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic_core import from_json

from shequ.contracts.personal import SEALED

KEY_BYTES = 32
_NONCE = 12


class MasterKeyError(ValueError):
    """The configured master key is not 32 bytes of base64, or not the one in use.

    A key table's keys open only under the master key that wrapped them; under any
    other, reading them fails loudly rather than reading every subject as erased.
    """


def master_key(text: str) -> bytes:
    """The master key from its configured form: 32 bytes as base64."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        raise MasterKeyError("SHEQU_MASTER_KEY is not base64") from None
    if len(key) != KEY_BYTES:
        raise MasterKeyError(f"SHEQU_MASTER_KEY holds {len(key)} bytes, not 32")
    return key


def new_master_key() -> str:
    """A fresh master key in its configured form."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode()


def _seal(key: bytes, plain: bytes, context: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plain, context)


def _open(key: bytes, sealed: bytes, context: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed[:_NONCE], sealed[_NONCE:], context)


def wrap(master: bytes, subject: str, data_key: bytes) -> bytes:
    """A subject's data key encrypted under the master key (the key table's value)."""
    return _seal(master, data_key, b"shequ subject key\n" + subject.encode())


def unwrap(master: bytes, subject: str, wrapped: bytes) -> bytes:
    try:
        return _open(master, wrapped, b"shequ subject key\n" + subject.encode())
    except InvalidTag:
        raise MasterKeyError(
            f"the key of {subject} was not wrapped by this SHEQU_MASTER_KEY"
        ) from None


def _context(event_type: str, subject: str) -> bytes:
    return f"{event_type}\n{subject}".encode()


def seal_payload(
    payload: dict[str, Any],
    fields: list[str],
    *,
    event_type: str,
    subject: str,
    key: bytes,
) -> dict[str, Any]:
    """``payload`` with ``fields`` taken out and sealed under the subject's key."""
    secret = {name: payload.pop(name) for name in fields}
    plain = json.dumps(secret, ensure_ascii=False, separators=(",", ":")).encode()
    box = _seal(key, plain, _context(event_type, subject))
    payload[SEALED] = {
        "subject": subject,
        "fields": fields,
        "box": base64.b64encode(box).decode(),
    }
    return payload


def open_payload(
    payload: Mapping[str, Any],
    *,
    event_type: str,
    key: bytes | None,
    erased: Mapping[str, object],
) -> dict[str, Any]:
    """A sealed payload opened with ``key``; None (destroyed): erased values."""
    opened = {name: value for name, value in payload.items() if name != SEALED}
    sealed = payload[SEALED]
    if key is None:
        for name in sealed["fields"]:
            opened[name] = erased.get(name)
        return opened
    context = _context(event_type, sealed["subject"])
    # pydantic-core's parser: json.loads cost a third of opening (bench personal (e)).
    opened.update(from_json(_open(key, base64.b64decode(sealed["box"]), context)))
    return opened


def seal_text(key: bytes, subject: str, text: str) -> str:
    """One value sealed for a read model (its column holds this, not the value)."""
    box = _seal(key, text.encode(), _context("value", subject))
    return base64.b64encode(box).decode()


def open_text(key: bytes, subject: str, sealed: str) -> str:
    return _open(key, base64.b64decode(sealed), _context("value", subject)).decode()


def search_key(master: bytes) -> bytes:
    """The key of search digests, derived from the master key (never stored)."""
    return hmac.new(master, b"shequ search digest v1", hashlib.sha256).digest()


def digest(key: bytes, kind: str, value: str) -> bytes:
    """The keyed hash (HMAC-SHA256) a read model indexes instead of ``value``.

    ``kind`` keeps equal values of different kinds (a phone, a passport number)
    apart. Without the master key a digest cannot be tested against guesses, as a
    plain hash of an 18-digit ID number could be.
    """
    return hmac.new(key, f"{kind}\n{value}".encode(), hashlib.sha256).digest()
