"""``shequ-dev`` stops at once, saying why: a taken port, a folder that is no backup."""

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


def test_a_restore_from_a_folder_that_is_no_backup_stops_saying_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = "registry=postgresql://postgres@127.0.0.1:1/postgres?search_path=registry"

    with pytest.raises(SystemExit) as stopped:
        main(["restore", "--from", str(tmp_path), "--store", store])

    assert stopped.value.code == 2
    said = f"{tmp_path}/manifest.json：不是备份文件夹（没有 manifest.json）"
    assert capsys.readouterr().err == f"shequ: 已中止：{said}\n"


def test_a_backup_into_a_folder_in_use_stops_before_dumping_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "last-night.dump").write_text("")
    store = "registry=postgresql://postgres@127.0.0.1:1/postgres?search_path=registry"

    with pytest.raises(SystemExit) as stopped:
        main(["backup", "--lang", "en", "--to", str(tmp_path), "--store", store])

    assert stopped.value.code == 2
    assert capsys.readouterr().err == f"shequ: stopped: {tmp_path} is not empty\n"
