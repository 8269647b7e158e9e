"""A report sheet described once (``ReportSpec``), written into an ordinary workbook by
``write_report_sheet`` or into a write-only one (the 报送包) by copying that layout cell by
cell: one layout, two kinds of workbook."""
from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .report_sheet import write_report_sheet

SHEET_NAME_MAX = 31


@dataclass
class ReportSpec:
    sheet: str
    title: str
    headers: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    unit_name: str = ""
    period: str = ""
    fill_date: dt.date = field(default_factory=dt.date.today)
    total_row: Sequence[Any] | Mapping[Any, Any] | None = None
    col_widths: Sequence[float | None] | None = None
    number_formats: Mapping[Any, str] | None = None
    after: Callable[[Any], object] | None = None  # e.g. a chart drawn on the finished sheet

    def kwargs(self) -> dict[str, Any]:
        return dict(title=self.title, unit_name=self.unit_name, period=self.period,
                    fill_date=self.fill_date, headers=self.headers, rows=self.rows,
                    total_row=self.total_row, col_widths=self.col_widths,
                    number_formats=self.number_formats)


def add_report(wb: Workbook, spec: ReportSpec):
    """Add the report as a new sheet of an ordinary workbook."""
    ws = wb.create_sheet(spec.sheet[:SHEET_NAME_MAX])
    write_report_sheet(ws, **spec.kwargs())
    return ws


def add_report_write_only(wb: Workbook, spec: ReportSpec) -> None:
    add_sheet_write_only(wb, spec.sheet, lambda ws: write_report_sheet(ws, **spec.kwargs()))


def add_sheet_write_only(wb: Workbook, title: str, fill: Callable[[Any], object]) -> None:
    """Add a sheet to a write-only workbook: ``fill`` lays it out on a scratch sheet of an
    ordinary workbook, then cells, merges, widths, row heights and print setup are copied
    (sheet options first: write-only writes them before the rows)."""
    scratch = Workbook().active
    fill(scratch)
    ws = wb.create_sheet(title[:SHEET_NAME_MAX])
    for letter, dim in scratch.column_dimensions.items():
        ws.column_dimensions[letter].width = dim.width
    for index, dim in scratch.row_dimensions.items():  # the heights wrapped text needs
        if dim.height is not None:
            ws.row_dimensions[index].height = dim.height
    ws.page_setup = copy(scratch.page_setup)
    ws.sheet_properties.pageSetUpPr = copy(scratch.sheet_properties.pageSetUpPr)
    ws.print_options = copy(scratch.print_options)
    ws.page_margins = copy(scratch.page_margins)
    ws.print_title_rows = scratch.print_title_rows
    ws.oddFooter.center.text = scratch.oddFooter.center.text
    ws.freeze_panes = scratch.freeze_panes
    ws.auto_filter.ref = scratch.auto_filter.ref
    for merged in scratch.merged_cells.ranges:
        ws.merged_cells.add(str(merged))
    # A report has a handful of distinct styles: register each in the target workbook once and
    # hand its index array to every cell that wears it (per-cell style copies cost seconds).
    styles: dict[tuple, Any] = {}
    for row in scratch.iter_rows():
        out = []
        for cell in row:
            new = WriteOnlyCell(ws, cell.value)
            if cell.data_type == "s" and isinstance(cell.value, str):
                new.data_type = "s"
            if cell.has_style:
                key = tuple(cell._style)
                if key not in styles:
                    new.font, new.border, new.fill = copy(cell.font), copy(cell.border), copy(cell.fill)
                    new.alignment, new.number_format = copy(cell.alignment), cell.number_format
                    new.protection, new.quotePrefix = copy(cell.protection), cell.quotePrefix
                    styles[key] = copy(new._style)
                else:
                    new._style = copy(styles[key])
            out.append(new)
        ws.append(out)
