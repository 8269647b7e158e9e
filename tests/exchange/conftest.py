"""Two PCs in one test process: a village database and a township database, switched by
closing one and opening the other (the program keeps one database open at a time)."""
from __future__ import annotations

import pytest

from dongan_desk.domain.fake_people import VILLAGES
from dongan_desk.domain.sample_town import build_sample
from dongan_desk.domain.units import UnitSpec, setup_township

from tests.exchange.offices import Office, link


@pytest.fixture
def village_pc(tmp_path):
    office = Office(tmp_path / "village" / "dongan.db")
    office.path.parent.mkdir()
    with office.open():
        build_sample("village", seed=7)
    return office


@pytest.fixture
def township_pc(tmp_path):
    office = Office(tmp_path / "township" / "dongan.db")
    office.path.parent.mkdir()
    with office.open():
        setup_township(UnitSpec("东安镇", "东安", "500229115000"),
                       [UnitSpec(name + "（示例）", short, code) for name, short, code in VILLAGES])
    return office


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder
