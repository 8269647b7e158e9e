"""Two PCs in one test process: a village database and a township database, switched by
closing one and opening the other (the program keeps one database open at a time)."""
from __future__ import annotations

import pytest

from dongan_desk.sample.fake_people import VILLAGES
from dongan_desk.sample.town import build_sample
from dongan_desk.units import UnitSpec, home_unit, setup_township
from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database
from dongan_desk.exchange.access import set_home_access_code

from tests.access_helpers import TEST_ACCESS_CODE, township_issued
from tests.exchange.offices import Office, link


@pytest.fixture
def village_pc(tmp_path):
    office = Office(tmp_path / "village" / "dongan.db")
    office.path.parent.mkdir()
    with office.open():
        build_sample("village", seed=7)
        set_home_access_code(home_unit(), TEST_ACCESS_CODE)  # a township's, typed in
    return office


@pytest.fixture
def township_pc(tmp_path, request):
    """The township listing the sample villages, each with TEST_ACCESS_CODE (so tests open the
    packages with ``tests.access_helpers.open_package``); a test's village_pc gets its 接入码.
    tests/exchange/test_protected_packages.py links offices with codes of their own."""
    office = Office(tmp_path / "township" / "dongan.db")
    office.path.parent.mkdir()
    with office.open():
        setup_township(UnitSpec("东安镇", "东安", "500229115000"),
                       [UnitSpec(name + "（示例）", short, code) for name, short, code in VILLAGES])
        township_issued()
    if "village_pc" in request.fixturenames:
        link(request.getfixturevalue("village_pc"), office)
    return office


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder
