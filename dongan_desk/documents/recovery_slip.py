"""恢复码单: one A4 page with this PC's 恢复码, what it is for, how it is used and how it is kept.

Printed once when the first 管理员 is made (and again whenever a 恢复码 was used, since using
it makes a new one). The page is the only place the code exists: the PC keeps only what checks
it (``store/recovery.py``). Plain data in, no window here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from .pdfbase import build_pdf, escape, frame_width, styles

TITLE = "恢复码单"
PURPOSE = ("管理员忘记密码时，用它重设管理员的密码（在登录页点“忘记密码？”→“用恢复码重设…”）；"
           "打开U盘上的加密备份时，也要用它。")
HOW = ("恢复码用过一次后，程序会换发一个新的恢复码，并请您打印新的《恢复码单》：那时这一张随即作废，"
       "请把新的一张换进文件柜，旧的一张撕碎销毁。恢复码里没有 0、O、1、I、L 这几个容易看错的字符，"
       "大小写都可以。")
KEEP = ("请把这张单子锁在文件柜里。不要拍照，不要存在这台电脑上，不要用微信、短信或邮件发送，"
        "也不要和账号密码写在一起。拿到它的人可以重设管理员的密码，也可以打开U盘上的备份。")


@dataclass(frozen=True)
class RecoverySlip:
    unit_name: str      # 兴田村 (or "" when the PC has no unit yet)
    unit_code: str
    account: str        # the 管理员 it was made for: 账号（姓名）
    code: str           # ABCD-EFGH-JKMN-PQRS-TUVW
    made_at: dt.datetime


def chinese_time(moment: dt.datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def write_recovery_slip(target: Path, slip: RecoverySlip) -> Path:
    """Write the slip at ``target`` (atomically): a titled page with the code large and boxed."""
    st = styles()
    label = st.table.clone("recovery_label", fontName=st.table_header.fontName, fontSize=12,
                           leading=18)
    value = st.table.clone("recovery_value", fontSize=12, leading=18)
    text = st.body.clone("recovery_text", fontSize=12, leading=20)
    heading = st.heading.clone("recovery_heading", fontSize=13, leading=20, spaceBefore=10,
                               spaceAfter=2)
    width = frame_width()
    code = st.heading.clone("recovery_code", alignment=1)
    # As large as fits on one line of its cell (a code broken over two lines gets misread).
    code.fontSize = min(24.0, (width * 0.78 - 16) / stringWidth(slip.code, code.fontName, 1))
    code.leading = code.fontSize * 1.4
    unit = f"{slip.unit_name}（{slip.unit_code}）" if slip.unit_code else slip.unit_name

    def para(content: object, style) -> Paragraph:
        return Paragraph(escape(content), style)

    rows = [[para("单位", label), para(unit or "（尚未设置）", value)],
            [para("生成时的管理员", label), para(slip.account, value)],
            [para("生成时间", label), para(chinese_time(slip.made_at), value)],
            [para("恢复码", label), para(slip.code, code)]]
    table = Table(rows, colWidths=[width * 0.22, width * 0.78])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), label.fontName, label.fontSize),  # no stray Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("BACKGROUND", (0, 3), (-1, 3), colors.HexColor("#EEEEEE")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 3), (-1, 3), 10),
        ("BOTTOMPADDING", (0, 3), (-1, 3), 12),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))
    signature = Table([[para("保管人（签字）：", value), "", para("存放日期：", value), ""]],
                      colWidths=[width * 0.22, width * 0.30, width * 0.16, width * 0.32])
    signature.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), value.fontName, value.fontSize),
        ("LINEBELOW", (1, 0), (1, 0), 0.5, colors.black),
        ("LINEBELOW", (3, 0), (3, 0), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
    ]))
    story = [para(f"东安台账{TITLE}", st.title), Spacer(1, 4 * mm), table,
             para("它做什么用", heading), para(PURPOSE, text),
             para("用过以后", heading), para(HOW, text),
             para("怎么保管", heading), para(KEEP, text),
             Spacer(1, 12 * mm), signature]
    return build_pdf(Path(target), story, title=f"东安台账{TITLE}", footer_page_numbers=False)
