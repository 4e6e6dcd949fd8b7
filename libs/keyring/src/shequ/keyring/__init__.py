"""Personal data in events: per-subject keys, sealing, erasure, keyed search digests.

``KeyRing`` holds the key table; ``seal_events`` is what the event store calls when it
appends; installed as the contracts' opener (``shequ.contracts.personal``) it opens
what every reader decodes. See README.md for the design and the tests that prove it.
"""

from shequ.keyring._crypto import MasterKeyError, master_key, new_master_key
from shequ.keyring._events import seal_events, subject_of
from shequ.keyring._ring import (
    KEEP_SECONDS,
    KeyRing,
    KeysNotPrepared,
    SubjectErased,
    migrate,
    shared,
)

__all__ = [
    "KEEP_SECONDS",
    "KeyRing",
    "KeysNotPrepared",
    "MasterKeyError",
    "SubjectErased",
    "master_key",
    "migrate",
    "new_master_key",
    "seal_events",
    "shared",
    "subject_of",
]
