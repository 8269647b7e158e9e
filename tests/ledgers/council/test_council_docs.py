"""The 支客士上岗证, the printed 支客士 roster and the 提醒单, read back with pypdf."""
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from dongan_desk.ledgers.council.documents import (write_certificates, write_emcee_roster,
                                                   write_reminder)
from dongan_desk.ledgers.council import ceremony, print_data as council_print, emcees
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.errors import ValidationError
from dongan_desk.store import session
from dongan_desk.store.models import AuditEntry, Grid

from role_sessions import VIEWER

TODAY = date.today()


def text_of(path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture
def household(village):
    grid = roster.save_grid({"name": "张家院子", "parent": Grid.get(Grid.level == 2)}).record
    home = roster.save_household({"grid": grid, "address": "兴田村3组17号"}).record
    roster.save_resident({"household": home, "name": "张德明"})
    return home


@pytest.fixture
def emcee(village):
    record = emcees.save_emcee(village, {"name": "向国富", "gender": "男",
                                          "certificate_no": "兴田支客证2026001",
                                          "certificate_issued_on": date(2026, 3, 1),
                                          "certificate_expires_on": date(2029, 2, 28),
                                          "issued_by": "东安镇红白理事会"}).record
    for hours in ("4", "2.5"):
        emcees.save_training(record, {"trained_on": date(2026, 2, 20), "hours": hours,
                                       "content": "婚丧礼仪"}, today=date(2026, 3, 1))
    return record


def test_certificate_one_page_each_with_the_facts(tmp_path, village, emcee):
    other = emcees.save_emcee(village, {"name": "谭明", "certificate_no": "兴田支客证2026002",
                                         "certificate_issued_on": date(2026, 3, 1),
                                         "certificate_expires_on": date(2029, 2, 28)}).record
    target = write_certificates(tmp_path / "证.pdf", [council_print.certificate_data(emcee),
                                                      council_print.certificate_data(other)])
    reader = PdfReader(target)
    assert len(reader.pages) == 2
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert width > height  # landscape
    first, second = text_of(target)
    for words in ("支客士上岗证", "编号：兴田支客证2026001", "向国富", "男", "兴田村", "2026年3月1日",
                  "2029年2月28日", "累计培训6.5学时", "持证上岗", "东安镇红白理事会（盖章）"):
        assert words in first, words
    assert "谭明" in second and "向国富" not in second
    # Without trainings the sentence leaves the hours out; issuer falls back to the council.
    assert "学时" not in second and "兴田村红白理事会组织" in second


def test_no_certificate_is_printed_for_an_uncertified_emcee(village):
    someone = emcees.save_emcee(village, {"name": "新手"}).record
    with pytest.raises(ValidationError) as caught:
        council_print.certificate_data(someone)
    assert "还没有发证" in caught.value.message


def test_roster_lists_active_emcees_with_status(tmp_path, village, emcee):
    emcees.save_emcee(village, {"name": "快到期", "certificate_no": "兴田支客证2024001",
                                 "certificate_issued_on": date(2024, 1, 1),
                                 "certificate_expires_on": TODAY + timedelta(days=5)})
    emcees.save_emcee(village, {"name": "退出的", "active": False})
    rows = council_print.roster_rows(village, TODAY)
    target = write_emcee_roster(tmp_path / "花名册.pdf", unit_name=village.name,
                                council_name=council_print.council_name(village),
                                headers=council_print.ROSTER_HEADERS, rows=rows, roster_date=TODAY)
    text = "".join(text_of(target))
    assert "兴田村支客士花名册" in text and "共2人" in text
    assert "向国富" in text and "兴田支客证2026001" in text and "6.5" in text
    assert "快到期" in text and "即将到期" in text
    assert "退出的" not in text


def test_reminder_has_the_facts_the_limits_and_what_breaks(tmp_path, village, household, emcee):
    filing = ceremony.save_filing(village, {
        "kind": "wedding", "household": household, "subject": "张德明之子结婚",
        "start_on": TODAY + timedelta(days=20), "end_on": TODAY + timedelta(days=22),
        "place": "自家院坝", "tables": "24", "guests": "200", "emcee": emcee,
        "received_by": "李文书", "breach_note": "已劝导"}).record
    target = write_reminder(tmp_path / "提醒单.pdf", council_print.reminder_data(filing))
    pages = text_of(target)
    assert len(pages) == 1
    text = pages[0]
    for words in ("红白事办理提醒单", "张德明户", "张德明之子结婚", "共3天", "24桌", "200人", "向国富",
                  "每场宴席不超过20桌", "婚事办理不超过2天", "婚事至少提前7天",
                  "桌数24桌，超过限额20桌", "办理3天，超过婚事限额2天", "登记说明：已劝导",
                  "受理人：李文书", "兴田村红白理事会（盖章）", "主家签收"):
        assert words in text, words
    assert "没有有效的上岗证" not in text


def test_reminder_warns_of_an_emcee_without_a_valid_certificate(tmp_path, village, household, emcee):
    filing = ceremony.save_filing(village, {
        "kind": "funeral", "household": household, "start_on": date(2030, 1, 1),
        "end_on": date(2030, 1, 2), "tables": "10", "guests": "90", "emcee": emcee,
        "filed_on": TODAY, "breach_note": ""}).record
    text = text_of(write_reminder(tmp_path / "提醒单.pdf", council_print.reminder_data(filing)))[0]
    assert "向国富在办理期间没有有效的上岗证" in text
    assert "超出了以上标准" not in text


def test_each_print_is_one_audit_row(tmp_path, village, household, emcee):
    filing = ceremony.save_filing(village, {
        "kind": "wedding", "household": household, "subject": "张德明之子结婚",
        "start_on": TODAY + timedelta(days=20), "end_on": TODAY + timedelta(days=20),
        "tables": "10", "guests": "80"}).record
    with session.acting_as(VIEWER):  # a 查看员 may print
        write_certificates(tmp_path / "证.pdf", [council_print.certificate_data(emcee)])
        write_emcee_roster(tmp_path / "花名册.pdf", unit_name=village.name, council_name="兴田村红白理事会",
                           headers=["姓名"], rows=[["向国富"]], roster_date=TODAY)
        write_reminder(tmp_path / "提醒单.pdf", council_print.reminder_data(filing))
    rows = list(AuditEntry.select().where(AuditEntry.action == "print").order_by(AuditEntry.id))
    assert [(r.account, r.record_type, r.record_name) for r in rows] == [
        (VIEWER.account, "支客士", "向国富"), (VIEWER.account, "", "兴田村"),
        (VIEWER.account, "红白事报备", "张德明户婚事")]
    assert [r.detail.split("》")[0] for r in rows] == [
        "打印《支客士上岗证（向国富）", "打印《兴田村支客士花名册", "打印《红白事办理提醒单（张德明）"]
