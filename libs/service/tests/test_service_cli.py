"""``make run`` (shequ-dev run) refuses a taken port before it starts anything."""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest

from shequ.service.cli import main, port_taken, write_audit_env


def test_a_taken_port_is_refused_at_once_with_what_to_do(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        with pytest.raises(SystemExit) as stopped:
            main(["run", "--lang", "en", "--host", "127.0.0.1", "--port", str(port)])
        with pytest.raises(SystemExit):
            main(["run", "--host", "127.0.0.1", "--port", str(port)])

    assert stopped.value.code == 2
    english, chinese = capsys.readouterr().err.split("\n", 1)
    assert f"port {port} on 127.0.0.1 is taken" in english
    assert "SHEQU_PORT=" in english
    assert "starting PostgreSQL" not in english
    # Chinese unless --lang en (or SHEQU_LANG=en) asks otherwise.
    assert f"127.0.0.1 的端口 {port} 已被占用" in chinese


def test_a_free_port_is_free() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
    assert not port_taken("127.0.0.1", port)


def test_the_audit_settings_file_gives_a_shell_the_values_as_written(
    tmp_path: Path,
) -> None:
    stores = json.dumps({"registry": "postgresql://u@h:5/p?search_path=registry"})
    settings = {
        "SHEQU_DATABASE_URL": "postgresql://u@h:5/p?search_path=reporting",
        "SHEQU_REPORTING_STORES": stores,
    }
    path = tmp_path / ".run" / "audit.env"

    write_audit_env(path, settings)
    shell = subprocess.run(
        [
            "bash",
            "-c",
            f'. "{path}" && printf "%s\\n%s" "$SHEQU_DATABASE_URL" '
            '"$SHEQU_REPORTING_STORES"',
        ],
        capture_output=True,
        text=True,
        check=True,
    )

    assert shell.stdout.split("\n") == list(settings.values())
