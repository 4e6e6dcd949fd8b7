"""``shequ-reseal`` (the eventstore's command): the one-time re-keyed copy of a store.

Copies the events of schema ``--from`` into schema ``--to`` (created and migrated if
missing) of the same database, personal fields sealed, checked event by event, then
verifies the new store's chains. The old schema is read in read-only transactions.
Exit status: 0 copied (or found copied) and verified; 1 stopped at an event that does
not hold, or the new store does not verify; 2 a usage or configuration error.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

from shequ.contracts.catalogs import all_catalogs
from shequ.contracts.personal import install_opener
from shequ.eventstore._migrate import migrate, store_migrations
from shequ.eventstore._pool import create_pool
from shequ.eventstore._reseal import ResealMismatch, ResealReport, reseal
from shequ.eventstore._store import EventStore
from shequ.eventstore._verify import verify
from shequ.keyring import KeyRing, MasterKeyError, master_key

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shequ-reseal",
        description=(
            "Copy a service's event store written before personal data was sealed "
            "into a new schema, sealing personal fields under each person's key and "
            "building a new hash chain; every old event's chain link and every "
            "copy's decoded event is checked. Safe to rerun: events already copied "
            "are checked, not copied again."
        ),
        epilog=(
            "environment: SHEQU_DATABASE_URL (the database holding both schemas), "
            "SHEQU_MASTER_KEY (required), SHEQU_KEYRING_URL (the key table's "
            "database; default: SHEQU_DATABASE_URL). exit status: 0 copied and "
            "verified, 1 stopped at an event that does not hold (its id is printed) "
            "or the new store does not verify, 2 usage or configuration error."
        ),
    )
    parser.add_argument("--service", required=True, help="whose catalog: registry, …")
    parser.add_argument("--from", dest="source", required=True, help="old schema")
    parser.add_argument("--to", dest="target", required=True, help="new schema")
    parser.add_argument("--batch", type=int, default=1000, help="events a commit")
    parser.add_argument(
        "--every", type=int, default=10_000, help="print progress every N events"
    )
    return parser


def _in_schema(url: str, schema: str, **settings: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | {"search_path": schema} | settings
    return urlunsplit(parts._replace(query=urlencode(query)))


def _progress(report: ResealReport) -> None:
    print(
        f"… {report.copied + report.checked:,} events "
        f"({report.copied:,} copied, {report.checked:,} checked), "
        f"{report.streams:,} streams",
        file=sys.stderr,
        flush=True,
    )


async def _run(args: argparse.Namespace, url: str, ring: KeyRing) -> int:
    catalog = {c.service: c for c in all_catalogs()}[args.service]
    admin = await asyncpg.connect(url)
    try:
        source = await admin.fetchval(
            "SELECT to_regclass(quote_ident($1) || '.events')", args.source
        )
        if source is None:
            print(f"no event store in schema {args.source}", file=sys.stderr)
            return 2
        quoted = await admin.fetchval("SELECT quote_ident($1)", args.target)
        await admin.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
    finally:
        await admin.close()
    target_url = _in_schema(url, args.target)
    read_only = _in_schema(url, args.source, default_transaction_read_only="on")
    await ring.attach()
    install_opener(ring)
    async with (
        create_pool(read_only, min_size=1, max_size=2) as source,
        create_pool(target_url, min_size=1, max_size=2) as pool,
    ):
        async with pool.acquire() as conn:
            await migrate(conn, store_migrations())
        store = EventStore(pool, catalog, group_commit=False, keyring=ring)
        try:
            report = await reseal(
                source, store, batch=args.batch, every=args.every, progress=_progress
            )
        except ResealMismatch as error:
            print(f"stopped: {error}", file=sys.stderr)
            return 1
        except asyncpg.UniqueViolationError as error:
            print(
                f"stopped: {args.target} holds other events ({error})", file=sys.stderr
            )
            return 1
        finally:
            install_opener(None)
            await ring.detach()
        print(
            f"{report.copied:,} events copied, {report.checked:,} found copied and "
            f"checked, {report.streams:,} streams, {report.commands:,} command records"
        )
        checked = await verify(pool)
    if not checked.intact:
        print(f"the new store does not verify: {checked.first_broken}", file=sys.stderr)
        return 1
    print(f"{args.target} verifies: {checked.events_verified:,} events")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the copy; the exit status as the module docstring says."""
    args = _parser().parse_args(argv)
    services = {c.service for c in all_catalogs()}
    if args.service not in services:
        print(
            f"unknown service {args.service!r}; one of {sorted(services)}",
            file=sys.stderr,
        )
        return 2
    if args.source == args.target:
        print("--from and --to name the same schema", file=sys.stderr)
        return 2
    url = os.environ.get("SHEQU_DATABASE_URL", DEFAULT_URL)
    try:
        master = master_key(os.environ.get("SHEQU_MASTER_KEY", ""))
    except MasterKeyError as error:
        print(error, file=sys.stderr)
        return 2
    ring = KeyRing(os.environ.get("SHEQU_KEYRING_URL", url), master)
    return asyncio.run(_run(args, url, ring))


if __name__ == "__main__":
    sys.exit(main())
