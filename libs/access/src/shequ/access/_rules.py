"""Who may do what in one service (权限): its writers, readers and restricted readers.

Each service declares one :class:`AccessRules` in its domain (access rules are domain
rules) and checks every request with it, so the wording of a refusal and the subtree
rule are the same in every service. Restricted records (rehab) are readable only by
``restricted`` roles; recording each read is the service's own event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shequ.access._actor import Actor, Role, require_office, require_role
from shequ.access._errors import AccessDenied
from shequ.access._office import OfficeCode
from shequ.contracts.messages import N_


@dataclass(frozen=True, init=False)
class AccessRules:
    """The roles that write, read and read restricted records in one service.

    Writers read too; so do restricted readers, of restricted records only.
    """

    writers: frozenset[Role]
    readers: frozenset[Role]
    restricted: frozenset[Role]

    def __init__(
        self,
        *,
        writers: Iterable[Role],
        readers: Iterable[Role] = (),
        restricted: Iterable[Role] = (),
    ) -> None:
        object.__setattr__(self, "writers", frozenset(writers))
        object.__setattr__(self, "readers", frozenset((*self.writers, *readers)))
        object.__setattr__(self, "restricted", frozenset(restricted))

    def may_write(
        self, actor: Actor, office: str, *, unknown: Exception | None = None
    ) -> None:
        """Refuse unless ``actor`` writes here and ``office`` is in its subtree.

        With ``unknown`` (the error an unknown record's id gets), a record outside
        the subtree is answered exactly as an unknown one: whether it exists is not
        the actor's to learn (see :meth:`within`).
        """
        require_role(actor, *self.writers)
        self.within(actor, office, unknown)

    def may_read(
        self, actor: Actor, office: str, *, unknown: Exception | None = None
    ) -> None:
        """Refuse unless ``actor`` reads here and ``office`` is in its subtree."""
        require_role(actor, *self.readers)
        self.within(actor, office, unknown)

    def may_read_restricted(
        self, actor: Actor, office: str, *, unknown: Exception | None = None
    ) -> None:
        """Refuse unless ``actor`` reads restricted records of ``office``'s subtree."""
        require_role(actor, *self.restricted)
        self.within(actor, office, unknown)

    @staticmethod
    def within(actor: Actor, office: str, unknown: Exception | None = None) -> None:
        """Refuse a record of ``office`` outside the actor's subtree.

        With ``unknown`` raise that (a 404 like an unknown id's), else AccessDenied.
        Called before any rule of the domain looks at the record, so no refusal
        (a death, a closed case) tells an outsider the record exists.
        """
        if unknown is not None and not actor.can_see(office):
            raise unknown
        require_office(actor, office)

    def reading_root(self, actor: Actor, within: OfficeCode | None) -> OfficeCode:
        """The subtree a listing covers: ``within`` if the actor may read it."""
        root = within or actor.office
        if not actor.can_see(root):
            raise AccessDenied(
                N_("office {office} is outside the subtree of office {actor_office}"),
                office=root,
                actor_office=actor.office,
            )
        return root
