"""The keys of ``make run``: made once in ``.run/keys``, then kept.

The signing key (签名密钥) is kept so a restart signs nobody out; its id (the first 16
hex digits of the SHA-256 of the raw public key) is printed at start, ready for
rotation. The master key (主密钥) wraps every person's data key: lose it and the
personal data in the stores reads as erased, so it is never replaced.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from shequ.access import generate_signing_key
from shequ.keyring import new_master_key


@dataclass(frozen=True)
class SigningKey:
    private: str
    public: str
    key_id: str  # first 16 hex digits of sha256 of the raw public key
    kept_in: Path | None  # None: given in the environment


def key_id(public_pem: str) -> str:
    key = serialization.load_pem_public_key(public_pem.encode())
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def signing_key(folder: Path) -> SigningKey:
    """The environment's key pair if set, else ``folder``'s, made on first use.

    The private key is written mode 600 in a mode 700 folder, never replaced: the
    next run signs with the same key, so tokens issued before still verify.
    """
    given = (
        os.environ.get("SHEQU_TOKEN_PRIVATE_KEY"),
        os.environ.get("SHEQU_TOKEN_PUBLIC_KEY"),
    )
    if given[0] and given[1]:
        return SigningKey(given[0], given[1], key_id(given[1]), None)
    private_file, public_file = (
        folder / "token-private.pem",
        folder / "token-public.pem",
    )
    if not private_file.exists():
        _keep_secret(private_file, generate_signing_key()[0])
    private = private_file.read_text()
    key = serialization.load_pem_private_key(private.encode(), password=None)
    public = (
        key.public_key()
        .public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        .decode()
    )
    if not public_file.exists() or public_file.read_text() != public:
        public_file.write_text(public)
    return SigningKey(private, public, key_id(public), folder)


def master_key(folder: Path) -> tuple[str, Path | None]:
    """``SHEQU_MASTER_KEY`` if set, else ``folder``'s, made on first use; where kept."""
    if given := os.environ.get("SHEQU_MASTER_KEY"):
        return given, None
    kept = folder / "master.key"
    if not kept.exists():
        _keep_secret(kept, new_master_key())
    return kept.read_text().strip(), folder


def _keep_secret(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` mode 600 in a mode 700 folder, whole or not at all."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    made = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(made, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    made.rename(path)
    path.chmod(0o600)
