"""The 党员结对帮扶公示表 from the pairing tab: the public form printed for the notice board
(special-care and sensitive people unnamed), the internal form exported as an Excel sheet."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .documents import notice_title, write_pairing_notice
from .publicity import notice_table
from .sheets import write_pairing_sheet
from ...store.models import Unit
from ...ui import files, messages


class NoticePapers:
    """The tab's 打印公示表 and 导出Excel (the tab gives ``scope_unit`` and ``context``)."""

    def _notice_table(self, public: bool) -> tuple[Unit, list[str], list[list], str] | None:
        """The unit to print, the 公示表's headers and rows, and its file name (no suffix)."""
        unit = self.scope_unit()
        if unit is None:
            messages.show_info(self, "公示表按村（社区）打印：请先在左上角“单位”里选择一个村（社区）。")
            return None
        headers, rows = notice_table(unit.id, public)
        return unit, headers, rows, f"{notice_title(unit.name)}_{date.today():%Y%m%d}"

    def print_notice(self) -> Path | None:
        """The public form (special-care people unnamed), opened in the PDF viewer to print."""
        table = self._notice_table(public=True)
        if table is None:
            return None
        unit, headers, rows, name = table
        folder = self.context.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        made = files.print_document(self, lambda target: write_pairing_notice(
            target, unit_name=unit.name, headers=headers, rows=rows, notice_date=date.today()),
            folder, f"{name}.pdf")
        if made:
            self.context.status.say(f"已生成公示表：{made}")
        return made

    def export_sheet(self) -> Path | None:
        """The township's internal form, saved where the clerk chooses."""
        table = self._notice_table(public=False)
        if table is None:
            return None
        unit, headers, rows, name = table
        made = files.save_document_as(self, lambda target: write_pairing_sheet(
            target, unit_name=unit.name, headers=headers, rows=rows, fill_date=date.today()),
            "导出党员结对帮扶公示表", f"{name}.xlsx", files.XLSX_TYPES)
        if made:
            self.context.status.say(f"已导出：{made}")
        return made
