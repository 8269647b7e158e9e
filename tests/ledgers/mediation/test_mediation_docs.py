"""The printed documents of a case, read back with pypdf: order, every party, fonts embedded,
long texts whole, failures leaving no file."""
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable

from dongan_desk import paths
from dongan_desk.documents import fonts
from dongan_desk.ledgers.mediation import documents as mediation_docs
from dongan_desk.documents.fonts import FontUnavailableError
from dongan_desk.ledgers.mediation.documents import (DOCUMENT_KINDS, DocumentNotApplicable,
                                                     chinese_number, document_filename,
                                                     write_document)
from dongan_desk.ledgers.mediation.ladder import save_step
from dongan_desk.ledgers.mediation.models import Dispute
from dongan_desk.ledgers.mediation.queries import case_file
from dongan_desk.store import session
from dongan_desk.store.models import AuditEntry

from tests.mediation_cases import (ID_A, TODAY, accept, agreement_data, outsider, step_data,
                                   three_party_case)
from role_sessions import CLERK

FOOTER = re.compile(r"第\s*\d+\s*页，共\s*\d+\s*页")


def read(path: Path) -> tuple[str, PdfReader]:
    """All text without page footers and whitespace, and the reader."""
    reader = PdfReader(path)
    text = "".join(FOOTER.sub("", page.extract_text() or "") for page in reader.pages)
    return re.sub(r"\s+", "", text), reader


def in_order(text: str, *parts: str) -> bool:
    position = 0
    for part in parts:
        found = text.find(re.sub(r"\s+", "", part), position)
        if found < 0:
            pytest.fail(f"“{part}” missing or out of order in: {text[:400]}…")
        position = found + 1
    return True


def embedded_fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(font name, has an embedded font file) for every font on every page."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found.append((str(font["/BaseFont"]), any(k in descriptor for k in
                                                      ("/FontFile", "/FontFile2", "/FontFile3"))))
    return found


@pytest.fixture
def settled(village):
    """Three parties (two residents, one outsider), failed at tier 1, settled at tier 2, visited."""
    dispute = three_party_case(village, {"new_risks": "雨季排水", "measures": "约定共修排水沟"})
    return case_file(dispute, on=date(2026, 3, 10))


@pytest.fixture
def oral(village):
    dispute = accept(village, [outsider("钱口头"), outsider("孙口头", gender="女")])
    save_step(dispute, step_data(date(2026, 3, 3), "settled"),
              agreement=agreement_data(date(2026, 3, 3), kind="oral", items="当场赔礼道歉"), today=TODAY)
    return case_file(dispute)


def test_the_agreement_follows_the_template_in_order(settled, tmp_path):
    target = write_document("agreement", tmp_path / "协议书.pdf", settled)
    text, reader = read(target)
    assert in_order(text, "人民调解协议书", "编号：（2026）兴田人调字第1号",
                    "甲方：李秀英", "性别：女", "民族：汉族", "年龄：76岁", "联系方式：13812345678",
                    "单位或住址：东安镇兴田村3组17号",
                    "乙方：王建国", "性别：男", "丙方：赵外来", "职业或职务：驾驶员",
                    "纠纷主要事实、争议事项：", settled.facts,
                    "经调解，自愿达成如下协议：", "1、乙方于五日内拆除猪圈越界部分；", "2、甲方不再追究。",
                    "履行方式、时限：", "乙方自行拆除；履行地点：现场。",
                    "本协议一式四份，当事人、人民调解委员会各持一份。",
                    "甲方（签名盖章或按指印）：", "乙方（签名盖章或按指印）：", "丙方（签名盖章或按指印）：",
                    "人民调解员（签名）：", "记录人（签名）：", "（人民调解委员会印）", "2026年3月10日")
    assert ID_A not in text  # the ID line is a choice, off by default
    assert reader.metadata.title == "人民调解协议书 （2026）兴田人调字第1号"


def test_the_id_number_line_when_chosen(settled, tmp_path):
    text, _ = read(write_document("agreement", tmp_path / "a.pdf", settled, show_id_numbers=True))
    assert in_order(text, "甲方：李秀英", f"身份证号：{ID_A}", "乙方：王建国")


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_every_document_names_every_party_with_fonts_embedded(kind, settled, oral, tmp_path):
    case = oral if kind == "oral" else settled
    text, reader = read(write_document(kind, tmp_path / f"{kind}.pdf", case))
    assert in_order(text, *(party.name for party in case.parties))
    assert case.number in text
    found = embedded_fonts(reader)
    assert found and all(has_file for _name, has_file in found), found
    assert not any("Helvetica" in name or "Times" in name for name, _ in found)


def test_the_registration_form(settled, tmp_path):
    text, _ = read(write_document("registration", tmp_path / "r.pdf", settled))
    assert in_order(text, "人民调解受理登记表", "2026年3月2日，本人民调解委员会经当事人同意，"
                    "调解李秀英、王建国、赵外来之间的纠纷。", "纠纷类型", "邻里", "风险等级", "一般",
                    "涉及金额", "1200.00元", "案件来源", "■当事人申请", "□人民调解委员会主动调解",
                    "当事人", "甲方：李秀英，女，汉族，76岁", "纠纷简要情况", settled.facts,
                    "当事人（签名）", "登记人（签名）", "陈文书", "（人民调解委员会印）")


def test_the_oral_agreement_form(oral, tmp_path):
    text, _ = read(write_document("oral", tmp_path / "o.pdf", oral))
    assert in_order(text, "口头协议登记表", "当事人", "甲方：钱口头", "乙方：孙口头", "纠纷简要情况",
                    "协议内容", "1、当场赔礼道歉", "履行方式、时限", "履行情况", "待履行", "人民调解员",
                    "王调解", "登记人", "陈记录", "2026年3月3日")


def test_the_follow_up_record_and_a_blank_one(settled, oral, tmp_path):
    text, _ = read(write_document("followup", tmp_path / "f.pdf", settled))
    assert in_order(text, "人民调解回访记录", "当事人", "李秀英、王建国、赵外来", "调解协议编号",
                    settled.number, "回访事由", "了解协议履行情况", "回访情况", "乙方已拆除越界部分",
                    "协议履行情况：已履行", "当事人满意度：基本满意", "新的风险隐患：雨季排水",
                    "采取的措施：约定共修排水沟", "回访人", "王回访", "回访时间", "2026年3月25日")
    blank, reader = read(write_document("followup", tmp_path / "b.pdf", oral))
    assert in_order(blank, "人民调解回访记录", "钱口头、孙口头", oral.number, "回访人", "回访时间", "年月日")
    assert len(reader.pages) == 1


def test_the_dossier_cover_and_contents(settled, tmp_path):
    text, reader = read(write_document("dossier", tmp_path / "d.pdf", settled))
    assert len(reader.pages) == 2
    assert in_order(text, "兴田村人民调解委员会", "人民调解卷宗", settled.number, "王院长、李大姐",
                    "2026年3月3日至2026年3月10日", "保管期限", "长期",
                    "卷内目录", "序号", "文书名称", "页号", "备注",
                    "人民调解申请书", "人民调解受理登记表", "当事人权利义务告知书", "当事人身份证明", "共3人",
                    "人民调解记录（院户亲情调）", "人民调解记录（村规民约调）", "人民调解协议书",
                    "履行凭证", "人民调解回访记录", "卷内备考表")


def test_a_three_page_agreement_loses_nothing(village, tmp_path):
    facts = "".join(f"第{n}段：双方因宅基地界址、排水沟走向及房前竹林归属多次发生争执，“互不相让”（见现场照片）。"
                    for n in range(1, 21))
    items = "\n".join(f"乙方于第{n}日前完成第{n}项整改，恢复原状；" for n in range(1, 11))
    dispute = accept(village, facts=facts)
    save_step(dispute, step_data(date(2026, 3, 3), "settled"),
              agreement=agreement_data(date(2026, 3, 3), items=items), today=TODAY)
    case = case_file(dispute)
    text, reader = read(write_document("agreement", tmp_path / "long.pdf", case))
    assert len(reader.pages) == 3
    assert facts in text
    assert in_order(text, *(f"{n}、乙方于第{n}日前完成第{n}项整改，恢复原状；" for n in range(1, 11)))
    assert in_order(text, "纠纷主要事实", "第20段", "经调解", "履行方式", "（人民调解委员会印）")
    page_texts = [p.extract_text() for p in reader.pages]
    assert [bool(FOOTER.search(t)) for t in page_texts] == [True, True, True]
    registration, reader = read(write_document("registration", tmp_path / "reg.pdf", case))
    assert facts in registration and len(reader.pages) >= 2  # the 纠纷简要情况 row splits


def test_documents_that_do_not_apply_say_which_one_does(settled, oral, village, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(DocumentNotApplicable, match="口头协议登记表"):
        write_document("agreement", tmp_path / "x.pdf", oral)
    with pytest.raises(DocumentNotApplicable, match="人民调解协议书"):
        write_document("oral", tmp_path / "x.pdf", settled)
    with pytest.raises(DocumentNotApplicable, match="还没有达成调解协议"):
        write_document("agreement", tmp_path / "x.pdf", case_file(accept(village)))
    assert not list(tmp_path.iterdir())


class Boom(Flowable):
    def wrap(self, *args):
        return (10, 10)

    def draw(self):
        raise RuntimeError("排版中途出错")


def test_a_failed_build_leaves_the_old_file_intact(settled, tmp_path, monkeypatch):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "协议书.pdf"
    target.write_bytes(b"old file")
    story = mediation_docs.agreement_story
    monkeypatch.setattr(mediation_docs, "agreement_story", lambda *a, **k: story(*a, **k) + [Boom()])
    with pytest.raises(RuntimeError, match="排版中途出错"):
        write_document("agreement", target, settled)
    assert target.read_bytes() == b"old file"
    assert [p.name for p in tmp_path.iterdir()] == ["协议书.pdf"]


def test_no_embeddable_font_is_a_clear_error_and_no_file(settled, tmp_path, monkeypatch):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, str(empty))
    monkeypatch.setattr(paths, "fonts_dir", lambda: empty)
    fonts.reset_fonts()
    try:
        with pytest.raises(FontUnavailableError, match="找不到可以嵌入 PDF 的中文字体"):
            write_document("agreement", tmp_path / "a.pdf", settled)
    finally:
        fonts.reset_fonts()
    assert not (tmp_path / "a.pdf").exists()


def test_small_helpers(settled):
    assert [chinese_number(n) for n in (1, 3, 10, 12, 20, 35)] == ["一", "三", "十", "十二", "二十", "三十五"]
    assert document_filename("agreement", settled) == "人民调解协议书_（2026）兴田人调字第1号.pdf"



@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_every_print_is_one_audit_row_about_the_case(kind, settled, oral, tmp_path):
    case = oral if kind == "oral" else settled
    before = AuditEntry.select().count()
    with session.acting_as(CLERK):
        target = write_document(kind, tmp_path / f"{kind}.pdf", case)
    rows = list(AuditEntry.select().where(AuditEntry.id > before))
    assert [(r.action, r.account, r.record_type, r.record_name) for r in rows] == [
        ("print", CLERK.account, "矛盾纠纷", case.number)]
    assert rows[0].record_uid == Dispute.get_by_id(case.id).uid
    assert rows[0].detail == f"打印《{mediation_docs.document_title(kind)} {case.number}》，文件：{target}"


def test_a_print_that_fails_is_not_recorded(village, tmp_path):
    case = case_file(accept(village, [outsider("钱口头"), outsider("孙口头", gender="女")]))
    with pytest.raises(DocumentNotApplicable):
        write_document("agreement", tmp_path / "无.pdf", case)
    assert not AuditEntry.select().where(AuditEntry.action == "print").exists()
