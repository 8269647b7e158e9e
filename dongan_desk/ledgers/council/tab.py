"""红白理事会: the council with its members, texts and meetings; the 支客士 register; the
红白事报备 with the next 7 days and the counts by month; the village's limits. On the township PC
it shows any village's books, read-only (``ui/village_books.py``)."""
from __future__ import annotations

from ...ui.village_books import VillageBooksTab
from .tab_ceremonies import FilingsArea
from .tab_council import CouncilArea
from .tab_emcees import EmceeArea
from .tab_limits import LimitsArea

READ_ONLY_NOTE = "只读：村（社区）的红白理事会台账只能在该村（社区）的电脑上修改。"


class CouncilTab(VillageBooksTab):
    book = "红白理事会"
    read_only_text = READ_ONLY_NOTE
    read_only_message = "镇本级只能查看各村（社区）的红白理事会台账，登记和修改请在村（社区）的电脑上进行。"

    def build_areas(self) -> None:
        self.council_area = self.add_area(CouncilArea(self.notebook, self), "理事会、章程和会议")
        self.emcee_area = self.add_area(EmceeArea(self.notebook, self), "支客士")
        self.filings_area = self.add_area(FilingsArea(self.notebook, self), "红白事报备")
        self.limits_area = self.add_area(LimitsArea(self.notebook, self), "本村限额")
        self.notebook.select(self.filings_area)

    def open_record(self, kind: str, record_id: int) -> bool:
        """A finding's council (党小组 due) or 支客士 (certificate): its village, its page."""
        from .models import Council, Emcee
        model = {"council": Council, "emcee": Emcee}.get(kind)
        record = model.get_or_none(model.id == record_id) if model else None
        if record is None:
            return False
        self.chooser.choose(record.unit_id)
        self.refresh()
        if kind == "council":
            self.notebook.select(self.council_area)
            return True
        self.notebook.select(self.emcee_area)
        return self.emcee_area.table.select(record_id)
