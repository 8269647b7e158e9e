"""``main.py print DOCUMENT CASE_NUMBER --out FILE.pdf``: a mediation document without a window."""
from __future__ import annotations

import sys
from pathlib import Path

from ...documents.fonts import FontUnavailableError
from .documents import DocumentNotApplicable, document_title, write_document
from ...documents.pdfbase import PdfLayoutError
from .cases import find_by_number
from .queries import case_file
from ...fileio import FileWriteError


def print_case_document(kind: str, number: str, out: Path, with_id: bool = False) -> int:
    """0 and the file written, or 2 and a Chinese message saying what to do (nothing written)."""
    dispute = find_by_number(number)  # ValidationError for a malformed number: cli prints it
    if dispute is None:
        print(f"错误：找不到案件“{number}”。请核对编号（年份、单位简称、序号），"
              "或在“矛盾纠纷调解”页查找。", file=sys.stderr)
        return 2
    options = {"show_id_numbers": with_id} if kind == "agreement" else {}
    try:
        target = write_document(kind, out, case_file(dispute), **options)
    except (DocumentNotApplicable, FontUnavailableError, PdfLayoutError, FileWriteError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(f"已生成{document_title(kind)}：{target}")
    return 0
