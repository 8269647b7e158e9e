"""Shared fixtures: a temporary database per test, and one real ttkbootstrap window per session
(ttkbootstrap 2 allows one root per process) for the UI tests, run under Xvfb."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dongan_desk.units import UnitSpec, setup_township, setup_village  # noqa: E402
from dongan_desk.store.database import close_database  # noqa: E402
from dongan_desk.store.opening import open_database  # noqa: E402
# The UI tests' fixtures (root, message_log): the tabs' tests live with their ledgers.
from ui_fixtures import message_log, root  # noqa: E402,F401
# The command line's: main.py in this process as an account, on a village PC set up by init.
from cli_helpers import cli, cli_account, office  # noqa: E402,F401


@pytest.fixture(autouse=True)
def _acting_as_the_program():
    """Each test starts as the program itself (no one logged in) and leaves it so."""
    from dongan_desk.store import session
    session.end()
    yield
    session.end()


@pytest.fixture
def database(tmp_path):
    open_database(tmp_path / "dongan.db")
    yield tmp_path / "dongan.db"
    close_database()


@pytest.fixture
def village(database):
    return setup_village(UnitSpec("兴田村", "兴田", "500229115001"))


@pytest.fixture
def township(database):
    return setup_township(UnitSpec("东安镇", "东安", "500229115000"),
                          [UnitSpec("兴田村", "兴田", "500229115001"),
                           UnitSpec("德安村", "德安", "500229115002")])


@pytest.fixture(scope="session")
def tk_root():
    if not os.environ.get("DISPLAY") and sys.platform.startswith("linux"):
        pytest.fail("UI tests need a display: run them under xvfb-run (see README).")
    import ttkbootstrap as ttk
    from dongan_desk.ui.localization import install_strings

    from dongan_desk.ui import placement

    root = ttk.App(title="东安台账 测试", size=(1280, 800))
    placement.maximise(root)  # as the program opens the first time: the whole 1366×768 screen
    install_strings()
    root.callback_errors = []

    def record(exc_type, exc, tb):
        import traceback
        root.callback_errors.append("".join(traceback.format_exception(exc_type, exc, tb)))

    root.report_callback_exception = record
    yield root
    root.destroy()
