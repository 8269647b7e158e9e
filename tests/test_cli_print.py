"""``main.py print …``: a case's documents without a window."""
import re
from datetime import date

import pytest
from pypdf import PdfReader

from dongan_desk.cli import main
from dongan_desk.ledgers.mediation.cases import party_from_resident
from dongan_desk.ledgers.mediation.ladder import save_step

from tests.mediation_cases import (ID_A, TODAY, accept, agreement_data, make_residents,
                                   settle_at_tier_two, step_data)


def text_of(path):
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.fixture
def cases(village, cli_account):
    """（2026）兴田人调字第1号: written agreement; 第2号: oral agreement."""
    li, wang = make_residents(village)
    settle_at_tier_two(village, [party_from_resident(li), party_from_resident(wang)])
    oral = accept(village)
    save_step(oral, step_data(date(2026, 3, 3), "settled"),
              agreement=agreement_data(date(2026, 3, 3), kind="oral"), today=TODAY)
    return cli_account


def run(cases, tmp_path, *args):
    return main(["--data-dir", str(tmp_path), *cases, "print", *args])


@pytest.mark.parametrize("kind,number,expected", [
    ("agreement", "（2026）兴田人调字第1号", "人民调解协议书"),
    ("registration", "(2026)兴田人调字第1号", "人民调解受理登记表"),
    ("oral", "（2026）兴田人调字第2号", "口头协议登记表"),
    ("followup", "（2026）兴田人调字第1号", "人民调解回访记录"),
    ("dossier", "（2026） 兴田人调字第 1 号", "卷内目录"),
])
def test_each_document_is_printed_to_the_file_asked_for(cases, tmp_path, capsys, kind, number,
                                                        expected):
    out = tmp_path / "out" / f"{kind}.pdf"
    out.parent.mkdir()
    assert run(cases, tmp_path, kind, number, "--out", str(out)) == 0
    text = text_of(out)
    assert expected in text and "兴田人调字第" in text
    assert f"已生成" in capsys.readouterr().out


def test_the_id_number_line_on_request(cases, tmp_path):
    plain, with_id = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run(cases, tmp_path, "agreement", "（2026）兴田人调字第1号", "--out", str(plain)) == 0
    assert run(cases, tmp_path, "agreement", "（2026）兴田人调字第1号", "--out", str(with_id), "--with-id") == 0
    assert ID_A not in text_of(plain) and f"身份证号：{ID_A}" in text_of(with_id)


@pytest.mark.parametrize("args,message", [
    (("agreement", "（2026）兴田人调字第9号"), "找不到案件"),
    (("agreement", "第一号"), "不是调解案件编号"),
    (("oral", "（2026）兴田人调字第1号"), "请打印“人民调解协议书”"),
    (("agreement", "（2026）兴田人调字第2号"), "口头协议"),
])
def test_refusals_say_why_and_write_nothing(cases, tmp_path, capsys, args, message):
    out = tmp_path / "x.pdf"
    assert run(cases, tmp_path, *args, "--out", str(out)) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_folder_is_explained(cases, tmp_path, capsys):
    out = tmp_path / "U盘" / "x.pdf"
    assert run(cases, tmp_path, "agreement", "（2026）兴田人调字第1号", "--out", str(out)) == 2
    assert "不存在" in capsys.readouterr().err
