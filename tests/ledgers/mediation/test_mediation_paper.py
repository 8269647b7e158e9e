"""Paper looks like paper (issue 12): the 人民调解协议书 keeps its signatures with the last clause
and its 编号 on every page, dates and options never break, the 卷宗 has one date style and real
页号, and the 申请书 and 调解笔录 print from what the case holds."""
import re
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from dongan_desk.documents.pdfbase import frame_width, styles
from dongan_desk.ledgers.mediation.cli import print_case_document
from dongan_desk.ledgers.mediation.documents import (DOCUMENT_KINDS, DocumentNotApplicable,
                                                     applicable, write_document)
from dongan_desk.ledgers.mediation.queries import case_file

from tests.mediation_cases import accept, outsider, three_party_case

FOOTER = re.compile(r"第\s*\d+\s*页，共\s*\d+\s*页")
# a line that ends inside a date, or one that starts with what a date, a number or an option left
SPLIT_DATE = re.compile(r"(\d{4}年(\d{1,2}(月\d{0,2})?)?|\d{1,2}月\d{0,2})\n(\d|月|日)")


def pages(path) -> list[str]:
    """Each page's text with its lines, without the footer."""
    return [FOOTER.sub("", page.extract_text() or "") for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def three(village):
    """Three parties, a written agreement, long enough facts to need a second page."""
    dispute = three_party_case(village, id_number="500229199003070024",
                               address="城口县葛城街道北大街西段145号")
    return case_file(dispute, on=date(2026, 3, 10))


@pytest.mark.parametrize("with_id", [False, True])
def test_the_agreement_keeps_its_signatures_with_the_last_clause_and_its_number_on_each_page(
        three, tmp_path, with_id):
    texts = pages(write_document("agreement", tmp_path / "a.pdf", three, show_id_numbers=with_id))
    assert len(texts) == 2
    for text in texts:
        assert three.number in flat(text)  # 编号 on every page
    signing = next(t for t in texts if "甲方（签名盖章或按指印）" in flat(t))
    assert "2、甲方不再追究。" in flat(signing) and "本协议一式四份" in flat(signing)
    assert all("（签名盖章或按指印）" in flat(t) for t in texts[-1:])
    for text in texts:
        assert not SPLIT_DATE.search(text), text


@pytest.mark.parametrize("pad", range(0, 24))
def test_a_date_an_option_and_a_house_number_are_never_broken(pad):
    """Whatever text comes before, reportlab's CJK wrapping never ends a line inside
    2026年1月28日, inside □人民法院委托, or before the 号 of 45号."""
    st = styles()
    prefix = "甲" * pad
    for text, whole in ((f"履行方式：{prefix}履行期限：2026年1月28日前履行完毕。", "2026年1月28日"),
                        (f"{prefix}□当事人申请&nbsp;□人民法院委托&nbsp;□政府部门指定", "□人民法院委托"),
                        (f"丙方：{prefix}东安镇东安社区7组45号，电话13800000000", "45号")):
        para = Paragraph(text, st.table)
        para.wrap(frame_width() * 0.4, 1000)
        lines = ["".join(getattr(w, "text", w) for w in line.words) if hasattr(line, "words")
                 else "".join(line[1]) for line in para.blPara.lines]
        assert any(whole in line for line in lines), (pad, lines)


def test_the_registration_form_keeps_options_whole_and_no_lone_hao(village, tmp_path):
    for pad in range(10):
        case = case_file(accept(village, [outsider("张甲", address="东安镇兴田村" + "一" * pad + "7组45号"),
                                           outsider("李乙", gender="女")]))
        lines = [line.strip() for text in pages(write_document("registration", tmp_path / "r.pdf", case))
                 for line in text.splitlines()]
        assert "号" not in lines, (pad, lines)
        assert any("□人民法院委托" in line.replace(" ", "") for line in lines), lines


def test_the_dossier_writes_dates_one_way_and_numbers_its_pages(three, tmp_path):
    counts = {kind: len(PdfReader(write_document(kind, tmp_path / f"{kind}.pdf", three)).pages)
              for kind in ("application", "registration", "record", "agreement", "followup")}
    assert counts["record"] == len(three.steps)  # one page a step, each on its own
    expected, first = [], 1
    for name, n in (("人民调解申请书", counts["application"]), ("人民调解受理登记表", counts["registration"]),
                    ("当事人权利义务告知书", 1), ("当事人身份证明", 3), ("人民调解记录（院户亲情调）", 1),
                    ("人民调解记录（村规民约调）", 1), ("人民调解协议书", counts["agreement"]),
                    ("履行凭证", 1), ("人民调解回访记录", counts["followup"])):
        expected.append((name, str(first) if n == 1 else f"{first}-{first + n - 1}"))
        first += n
    text = "\n".join(pages(write_document("dossier", tmp_path / "d.pdf", three)))
    tokens = [t.strip() for t in text.splitlines() if t.strip()]
    at = tokens.index("备注")
    for name, number in expected:
        at = tokens.index(name, at)
        assert tokens[at + 1] == number, (name, tokens[at:at + 3])
    assert tokens[tokens.index("卷内备考表") + 1].startswith("页号按")  # the 备考表 is not numbered
    assert not re.search(r"\d{4}-\d{1,2}-\d{1,2}", text)  # 2026年3月10日, on the cover and in the list
    assert "2026年3月3日至2026年3月10日" in flat(text) and "2026年3月25日" in text


def test_the_application_is_printed_from_the_case(three, tmp_path):
    texts = pages(write_document("application", tmp_path / "s.pdf", three))
    text = flat("".join(texts))
    order = ["人民调解申请书", three.number, "申请人：李秀英", "性别：女", "年龄：76岁",
             "被申请人：王建国", "被申请人：赵外来", "纠纷简要情况：", flat(three.facts), "申请事项：",
             "1、请求兴田村人民调解委员会依法调解申请人李秀英与被申请人王建国、赵外来之间的邻里纠纷。",
             "自愿申请人民调解", "此致", "兴田村人民调解委员会", "申请人（签名或按指印）", "2026年3月2日"]
    position = 0
    for part in order:
        position = text.index(part, position)
    for page in texts:
        assert three.number in flat(page)


def test_the_mediation_record_is_printed_from_the_case(three, tmp_path):
    texts = pages(write_document("record", tmp_path / "r.pdf", three))
    first, second = (flat(t) for t in texts)
    for page, day, place in ((first, "2026年3月3日", "院坝"), (second, "2026年3月10日", "村民小组活动室")):
        for part in ("人民调解记录", three.number, "时间", day, "地点", place, "事由",
                     "调解李秀英、王建国、赵外来之间的邻里纠纷", "参加人", "调解人员：王院长、李大姐",
                     "甲方：李秀英", "乙方：王建国", "丙方：赵外来", flat(three.facts), "听取双方陈述，讲情说理。",
                     "当事人签名", "调解人员签名", "记录人签名"):
            assert part in page, (part, page)
    assert "未达成协议。原因：双方分歧较大。上升至“村规民约调”调解。" in first
    assert "1、乙方于五日内拆除猪圈越界部分；" in second and "《兴田村村规民约》第八条" in second


def test_the_new_documents_only_where_the_case_has_them(village, tmp_path):
    case = case_file(accept(village, source="initiative"))
    assert not applicable("application", case) and not applicable("record", case)
    with pytest.raises(DocumentNotApplicable, match="不是当事人申请的"):
        write_document("application", tmp_path / "a.pdf", case)
    with pytest.raises(DocumentNotApplicable, match="还没有调解过"):
        write_document("record", tmp_path / "r.pdf", case)
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "r.pdf").exists()
    assert DOCUMENT_KINDS[:3] == ("application", "registration", "record")


def test_printed_headless(three, tmp_path, capsys):
    for kind in ("application", "record"):
        assert print_case_document(kind, three.number, tmp_path / f"{kind}.pdf") == 0
        assert (tmp_path / f"{kind}.pdf").stat().st_size > 1000
    assert "人民调解申请书" in capsys.readouterr().out
