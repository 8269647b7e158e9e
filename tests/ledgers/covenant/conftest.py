"""A village with two courtyards of households for the 村规民约 tests, a draft, and one adopted."""
import pytest

from dongan_desk.ledgers.covenant import versions
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.store.models import Grid

from covenant_helpers import TEXT, walk


@pytest.fixture
def households(village):
    top = Grid.get(Grid.level == 2)
    made = {}
    for name in ("张家院子", "李家湾"):
        grid = roster.save_grid({"name": name, "parent": top}).record
        for n in range(3):
            home = roster.save_household({"grid": grid, "address": f"兴田村{name}{n + 1}号",
                                          "household_no": f"{name[0]}{n + 1}"}).record
            roster.save_resident({"household": home, "name": f"{name[0]}户主{n + 1}"})
            roster.save_resident({"household": home, "name": f"{name[0]}家人{n + 1}", "relation": "配偶"})
            made.setdefault(name, []).append(home)
    return made


@pytest.fixture
def draft(village):
    covenant = versions.new_version(village).record
    versions.save_text(covenant, {"title": "兴田村村规民约", "preamble": "为了建设文明兴田。", "text": TEXT})
    return covenant


@pytest.fixture
def adopted(draft, households):
    return walk(draft, "posting")
