"""``main.py print application|registration|record|agreement|oral|followup|dossier CASE_NUMBER
--out FILE.pdf``: a mediation document without a window.

The registry names this module as the ledger's commands; it is read each time main.py builds its
parser, so reportlab and the documents are imported only when a document is printed."""
from __future__ import annotations

import sys
from pathlib import Path

from ...store import session


def add_parsers(sub) -> None:
    printing = sub.add_parser("print", help="把调解案件的文书生成 PDF（可打印）")
    # the names of documents.DOCUMENT_KINDS, spelt out: importing it would import reportlab
    printing.add_argument("document", choices=("application", "registration", "record", "agreement",
                                               "oral", "followup", "dossier"),
                          help="application=人民调解申请书，registration=受理登记表，record=调解笔录，"
                               "agreement=人民调解协议书，oral=口头协议登记表，"
                               "followup=回访记录，dossier=卷宗封面和卷内目录")
    printing.add_argument("case_number", metavar="案件编号", help="如（2026）兴田人调字第3号")
    printing.add_argument("--out", required=True, metavar="文件.pdf", help="PDF 保存到哪里")
    printing.add_argument("--with-id", action="store_true",
                          help="协议书中加印当事人身份证号（卷宗的页号也按此计算）")
    printing.set_defaults(needs=session.PRINT)


def _print(args, data_dir: Path) -> int:
    return print_case_document(args.document, args.case_number, Path(args.out), args.with_id)


def print_case_document(kind: str, number: str, out: Path, with_id: bool = False) -> int:
    """0 and the file written, or 2 and a Chinese message saying what to do (nothing written)."""
    from ...documents.fonts import FontUnavailableError
    from ...documents.pdfbase import PdfLayoutError
    from ...fileio import FileWriteError
    from .cases import find_by_number
    from .documents import DocumentNotApplicable, document_title, write_document
    from .queries import case_file

    dispute = find_by_number(number)  # ValidationError for a malformed number: cli prints it
    if dispute is None:
        print(f"错误：找不到案件“{number}”。请核对编号（年份、单位简称、序号），"
              "或在“矛盾纠纷调解”页查找。", file=sys.stderr)
        return 2
    options = {"show_id_numbers": with_id} if kind in ("agreement", "dossier") else {}
    try:
        target = write_document(kind, out, case_file(dispute), **options)
    except (DocumentNotApplicable, FontUnavailableError, PdfLayoutError, FileWriteError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(f"已生成{document_title(kind)}：{target}")
    return 0


COMMANDS = {"print": _print}
