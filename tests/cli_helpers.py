"""``main.py`` run as a script or a technician runs it (issue 13): in a fresh process, as an
account, the password in ``DONGAN_PASSWORD`` and no terminal to ask on.

``main_py(data_dir, "backup")`` runs ``main.py --data-dir … --account 张文书 backup``; ``init`` and
``demo`` get ``--admin 张文书`` instead, so the PC they set up has that 管理员 for the next
command. ``account=None`` runs without ``--account``; ``password=None`` without the variable."""
from __future__ import annotations

import io
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

MAIN = str(Path(__file__).resolve().parent.parent / "main.py")
ADMIN = "张文书"
PASSWORD = "Xingtian-2026"
CLERK, VIEWER = "李录入", "王查看"
CLERK_PASSWORD, VIEWER_PASSWORD = "Luru-2026-x", "Chakan-2026-y"
CODE = re.compile(r"恢复码：([A-Z0-9]{4}(?:-[A-Z0-9]{4}){4})")
SETTING_UP = ("init", "demo")


def main_py(data_dir: Path | None, *args: str, account: str | None = ADMIN,
            password: str | None = PASSWORD, env: dict[str, str] | None = None,
            timeout: int = 120) -> subprocess.CompletedProcess:
    command, words = [sys.executable, MAIN], list(args)
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    if words and words[0] in SETTING_UP:
        if account and "--admin" not in words:
            words += ["--admin", account]
    elif account:
        command += ["--account", account]
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DONGAN_PASSWORD", "DONGAN_NEW_PASSWORD", "DONGAN_RECOVERY_CODE")}
    if password is not None:
        environment["DONGAN_PASSWORD"] = password
    environment.update(env or {})
    return subprocess.run(command + words, capture_output=True, text=True, timeout=timeout,
                          env=environment, stdin=subprocess.DEVNULL)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """``main.py`` in this process on one data folder; ``account=None`` without --account,
    the secrets as environment variables (None: not set), and no terminal to ask on."""
    data = tmp_path / "data"
    monkeypatch.setattr(sys, "stdin", io.StringIO())

    def run(*args: str, account: str | None = ADMIN, password: str | None = PASSWORD,
            new_password: str | None = None, code: str | None = None) -> Result:
        for name, value in (("DONGAN_PASSWORD", password), ("DONGAN_NEW_PASSWORD", new_password),
                            ("DONGAN_RECOVERY_CODE", code)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        words = ["--data-dir", str(data)] + (["--account", account] if account else []) + list(args)
        from dongan_desk.cli import main
        status = main(words)
        out, err = capsys.readouterr()
        return Result(status, out, err)

    run.data = data
    return run


def ran(result: Result) -> bool:
    """``check`` ran as the account (0: nothing found, 1: findings, such as a new village's
    missing 村规民约); 2 is a refusal, with its message on stderr."""
    return result.code in (0, 1) and not result.err.startswith("错误")


def sql(data, query: str, *params):
    with sqlite3.connect(data / "dongan.db") as conn:
        return conn.execute(query, params).fetchall()


@pytest.fixture
def office(cli):
    """A village PC set up by ``init`` with its 管理员, and a 录入员 and a 查看员 who have made
    their own passwords."""
    made = cli("init", "village", "--name", "兴田村", "--short", "兴田", "--code", "500229115201",
               "--admin", ADMIN, account=None)
    assert made.code == 0, made.err
    cli.recovery_code = CODE.search(made.out).group(1)
    for name, role, own in ((CLERK, "录入员", CLERK_PASSWORD), (VIEWER, "查看员", VIEWER_PASSWORD)):
        added = cli("account", "add", name, "--role", role, new_password="Chushi-2026")
        assert added.code == 0, added.err
        changed = cli("account", "password", account=name, password="Chushi-2026", new_password=own)
        assert changed.code == 0, changed.err
    return cli


@pytest.fixture
def cli_account(database, monkeypatch) -> list[str]:
    """The test database's first 管理员, its password in DONGAN_PASSWORD: the words to put
    before a sub-command run in this process, ``cli.main([*cli_account, "print", …])``."""
    from dongan_desk.store.accounts import create_first_admin
    create_first_admin(ADMIN, PASSWORD)
    monkeypatch.setenv("DONGAN_PASSWORD", PASSWORD)
    return ["--account", ADMIN]
