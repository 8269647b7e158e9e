"""接入码通知单: one slip per village with its name, unit code and 接入码, and where the village
clerk types the code in. Three slips to an A4 page, cut apart along the dashed lines and handed
to each village (the code seals its 报送包, DESIGN §2). Plain data in, no window here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from .pdfbase import build_pdf, escape, frame_width, styles

TITLE = "接入码通知单"
WHERE = ("在本村（社区）电脑上打开东安台账，点菜单“设置 → 本单位信息”，在“接入码”一栏照抄上面的接入码"
         "（大小写、空格都可以），点“保存”。以后导出的报送包都用它加封，镇里才能接收。")
KEEP = "请妥善保管，不要转告他人；遗失或泄露时到镇里重新下发，旧接入码随即作废。"


@dataclass(frozen=True)
class AccessSlip:
    unit_name: str
    unit_code: str
    access_code: str


def slips_title(town_name: str) -> str:
    return f"{town_name}{TITLE}"


def write_access_slips(target: Path, *, town_name: str, slips: Sequence[AccessSlip],
                       issued_on: date) -> Path:
    """Write the slips at ``target`` (atomically): one bordered slip per village."""
    if not slips:
        raise ValueError("没有要打印的接入码：名单里还没有村（社区）。")
    st = styles()
    head = st.heading.clone("slip_head", fontSize=15, leading=20)
    label = st.table.clone("slip_label", fontSize=11, leading=16)
    value = st.table.clone("slip_value", fontSize=13, leading=18)
    code = st.heading.clone("slip_code", fontSize=20, leading=26)
    small = st.table.clone("slip_small", fontSize=10, leading=14)
    issued = f"{town_name}下发，{issued_on.year}年{issued_on.month}月{issued_on.day}日"
    width = frame_width()

    def para(text: object, style) -> Paragraph:
        return Paragraph(escape(text), style)

    story = []
    for number, slip in enumerate(slips):
        rows = [
            [Paragraph(f"{escape(f'{town_name} · {TITLE}')}{'&nbsp;' * 6}<font name=\"{small.fontName}\" "
                       f"size=\"{small.fontSize}\">{escape(issued)}</font>", head), ""],
            [para("单位名称", label), para(slip.unit_name, value)],
            [para("单位代码", label), para(slip.unit_code, value)],
            [para("接入码", label), para(slip.access_code, code)],
            [para("在哪里填写", label), para(WHERE, small)],
            [para("注意", label), para(KEEP, small)],
        ]
        table = Table(rows, colWidths=[width * 0.18, width * 0.82])
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), label.fontName, label.fontSize),  # no stray Helvetica
            ("SPAN", (0, 0), (1, 0)),
            ("BOX", (0, 0), (-1, -1), 1, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("BACKGROUND", (0, 3), (-1, 3), colors.HexColor("#EEEEEE")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ]))
        parts = [table]
        if number % 3 != 2 and number != len(slips) - 1:
            parts.append(CutLine(width))
        story.append(KeepTogether(parts))
    return build_pdf(Path(target), story, title=slips_title(town_name))


class CutLine(Spacer):
    """A dashed line between two slips, to cut along."""

    def __init__(self, width: float):
        super().__init__(width, 20)

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setDash(4, 3)
        canvas.setStrokeColor(colors.grey)
        canvas.line(0, self.height / 2, self.width, self.height / 2)
        canvas.restoreState()
