"""Access control for shequ: signed tokens, the acting staff member, office subtrees.

The registry issues Ed25519-signed tokens (``TokenIssuer``); every service verifies
them (``TokenVerifier``) into an ``Actor`` and checks it with ``require_office`` and
``require_role``. ``OfficeCode`` is the division code every office and record
carries; ``mask_id``, ``mask_phone`` and ``mask_name`` hide personal data from readers
who may not see it.
"""

from shequ.access._acting import CHINA, Acting, china_date
from shequ.access._actor import (
    PARTNER_ROLES,
    STAFF_ROLES,
    Actor,
    Role,
    require_office,
    require_role,
)
from shequ.access._errors import AccessDenied, NotAuthenticated
from shequ.access._masking import mask_id, mask_name, mask_phone
from shequ.access._office import OfficeCode, OfficeLevel
from shequ.access._rules import AccessRules
from shequ.access._tokens import TokenIssuer, TokenVerifier, generate_signing_key

__all__ = [
    "CHINA",
    "PARTNER_ROLES",
    "STAFF_ROLES",
    "AccessDenied",
    "AccessRules",
    "Acting",
    "Actor",
    "NotAuthenticated",
    "OfficeCode",
    "OfficeLevel",
    "Role",
    "TokenIssuer",
    "TokenVerifier",
    "china_date",
    "generate_signing_key",
    "mask_id",
    "mask_name",
    "mask_phone",
    "require_office",
    "require_role",
]
