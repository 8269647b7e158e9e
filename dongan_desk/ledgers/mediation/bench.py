"""``main.py bench`` section: the 人民调解协议书 PDF, cold (first in a fresh process, font search
and load included) and warm, against a bare reportlab document of the same text and font."""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from ... import paths

COLD_TARGET, WARM_TARGET = "≤300 ms", "≤100 ms"

# Run in a fresh process: open the town, read the case, then time the first PDF (ours or bare).
COLD_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from dongan_desk.store.opening import open_database
from dongan_desk.ledgers.mediation.queries import case_file
from dongan_desk.ledgers.mediation import bench as b
open_database({db!r})
case = case_file({case_id})
if {bare!r}:
    # the same modules ours has imported by now: only font loading and the build are timed
    import reportlab.platypus, reportlab.pdfbase.ttfonts, reportlab.lib.styles, reportlab.pdfgen.canvas
    start = time.perf_counter()
    b.bare_agreement({out!r}, b.agreement_texts(case), {font!r}, register=True)
else:
    from dongan_desk.ledgers.mediation.documents import write_document
    start = time.perf_counter()
    write_document("agreement", {out!r}, case)
print("MS", (time.perf_counter() - start) * 1000, flush=True)
"""


def agreement_texts(case) -> list[str]:
    """The agreement's text, paragraph by paragraph, for the bare document."""
    from .document_parts import SEAL, chinese_number, date_cn
    a = case.agreement
    texts = ["人民调解协议书", f"编号：{case.number}"]
    for party in case.parties:
        texts += [f"{party.side}：{party.name} 性别：{party.gender} 民族：{party.ethnicity} 年龄：{party.age}岁",
                  f"职业或职务：{party.occupation} 联系方式：{party.phone}", f"单位或住址：{party.address}"]
    texts += ["纠纷主要事实、争议事项：", case.facts, "经调解，自愿达成如下协议："]
    texts += [f"{n}、{item}" for n, item in enumerate(a.items, start=1)]
    texts += ["履行方式、时限：", a.performance_text,
              f"本协议一式{chinese_number(a.copies)}份，当事人、人民调解委员会各持一份。"]
    texts += [f"{p.side}（签名盖章或按指印）：" for p in case.parties]
    texts += ["人民调解员（签名）：", "记录人（签名）：", SEAL, date_cn(a.effective_on)]
    return texts


def bare_agreement(out: str, texts: list[str], font_file: str, register: bool = False) -> None:
    """The same paragraphs with reportlab alone: one TrueType font, SimpleDocTemplate, A4."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from xml.sax.saxutils import escape
    if register:
        pdfmetrics.registerFont(TTFont("BareCJK", font_file, subfontIndex=0))
    style = ParagraphStyle("bare", fontName="BareCJK", fontSize=16, leading=24, wordWrap="CJK")
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph(escape(t), style) for t in texts])


def _cold_ms(db: Path, case_id: int, bare: bool, font: str) -> float:
    with tempfile.TemporaryDirectory(prefix="dongan-bench-pdf-") as folder:
        script = COLD_SCRIPT.format(root=str(paths.program_dir()), db=str(db), case_id=case_id,
                                    bare=bare, out=str(Path(folder) / "a.pdf"), font=font)
        output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                timeout=60, check=True).stdout
    return float(next(line.split()[1] for line in output.splitlines() if line.startswith("MS")))


def bench_agreement_pdf(town) -> list:
    from ...bench.measure import BenchRow, median_ms
    from ...documents import fonts
    from .documents import write_document
    from .queries import case_file
    from .models import Agreement, DisputeParty
    from peewee import fn

    # A written agreement with the most parties: the longest of the usual documents.
    agreement = (Agreement.select(Agreement, fn.COUNT(DisputeParty.id).alias("n"))
                 .join(DisputeParty, on=(DisputeParty.dispute == Agreement.dispute))
                 .where(Agreement.kind == "written").group_by(Agreement.id)
                 .order_by(fn.COUNT(DisputeParty.id).desc(), Agreement.id).first())
    case = case_file(agreement.dispute_id)
    font = str(fonts.fonts().body_file)
    repeat = max(3, min(town.repeat, 5))
    cold = statistics.median(_cold_ms(town.db_path, case.id, False, font) for _ in range(repeat))
    cold_bare = statistics.median(_cold_ms(town.db_path, case.id, True, font) for _ in range(repeat))
    texts = agreement_texts(case)
    with tempfile.TemporaryDirectory(prefix="dongan-bench-pdf-") as folder:
        ours = Path(folder) / "ours.pdf"
        bare = Path(folder) / "bare.pdf"
        bare_agreement(str(bare), texts, font, register=True)
        warm = median_ms(lambda: write_document("agreement", ours, case), town.repeat)
        warm_bare = median_ms(lambda: bare_agreement(str(bare), texts, font), town.repeat)
    note = f"{len(case.parties)}方当事人；裸库：同样文字、同一字体的 SimpleDocTemplate"
    return [BenchRow("人民调解协议书 PDF（新进程首次，含字体加载）", cold, cold_bare, COLD_TARGET, note),
            BenchRow("人民调解协议书 PDF（再次生成）", warm, warm_bare, WARM_TARGET)]
