"""村规民约: the versions with their text and path, and the delivery to every household. On the
township PC it shows any village's covenant and progress, read-only (``ui/village_books.py``:
the write buttons greyed)."""
from __future__ import annotations

from ...ui.village_books import VillageBooksTab
from .tab_delivery import DeliveryArea
from .tab_versions import VersionsArea

READ_ONLY_NOTE = "只读：村（社区）的村规民约只能在该村（社区）的电脑上修改。"


class CovenantTab(VillageBooksTab):
    book = "村规民约"
    read_only_text = READ_ONLY_NOTE
    read_only_message = "镇本级只能查看各村（社区）的村规民约，起草、审定和发放请在村（社区）的电脑上登记。"

    def build_areas(self) -> None:
        self.versions_area = self.add_area(VersionsArea(self.notebook, self), "条文与制定程序")
        self.delivery_area = self.add_area(DeliveryArea(self.notebook, self), "发放到户")

    def open_record(self, kind: str, record_id: int) -> bool:
        """A finding's covenant (未备案, 未发放) or village (没有现行村规民约)."""
        from .models import VillageCovenant
        if kind == "covenant_unit":
            self.chooser.choose(record_id)
            self.refresh()
            self.notebook.select(self.versions_area)
            return True
        covenant = VillageCovenant.get_or_none(VillageCovenant.id == record_id)
        if covenant is None:
            return False
        self.chooser.choose(covenant.unit_id)
        self.refresh()
        if covenant.filed_on is None:
            self.notebook.select(self.versions_area)
            return self.versions_area.select(covenant.id)
        self.notebook.select(self.delivery_area)
        return True

    def on_find(self) -> None:
        """Ctrl+F finds a household on the 发放到户 page, whichever page is in front."""
        if self.areas:
            self.notebook.select(self.delivery_area)
            self.delivery_area.on_find()
