"""The 红白理事会 tab driven through its widgets, in the session's one real window."""
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dongan_desk.ledgers.council import ceremony, emcees
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.council.models import CeremonyFiling, Emcee
from dongan_desk.store.models import Grid, Household, Unit
from dongan_desk.ui import files
from dongan_desk.ui.app import MainWindow
from dongan_desk.ledgers.council.ceremony_forms import BREACH_MARK, FilingDialog
from dongan_desk.ledgers.council.council_forms import EmceeDialog, MemberDialog, TrainingDialog
from dongan_desk.ledgers.council.tab import READ_ONLY_NOTE, CouncilTab

from ui_driver import run_with_dialogs, type_into

TODAY = date.today()


@pytest.fixture
def household(village):
    grid = roster.save_grid({"name": "张家院子", "parent": Grid.get(Grid.level == 2)}).record
    home = roster.save_household({"grid": grid, "address": "兴田村3组17号"}).record
    roster.save_resident({"household": home, "name": "张德明", "is_party_member": True,
                          "party_join_date": date(1990, 7, 1)})
    return home


@pytest.fixture
def tab(root, household, tmp_path):
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    tab = main.show_tab(CouncilTab)
    root.update()
    return tab


def fill_filing(start, tables, guests, note="", emcee=0, look=None):
    def fill(dialog):
        dialog.fields["kind"].current(0)  # 婚事
        type_into(dialog.picker.search_entry, "张德明")
        dialog.picker.search()
        dialog.picker.pick([0])
        type_into(dialog.start_entry.entry, f"{start:%Y-%m-%d}")
        type_into(dialog.end_entry.entry, f"{start:%Y-%m-%d}")
        type_into(dialog.tables_entry, tables)
        type_into(dialog.guests_entry, guests)
        type_into(dialog.fields["place"], "自家院坝")
        dialog.fields["emcee"].current(emcee)
        dialog.show_check()
        if look is not None:
            look.append(dialog.check_label.cget("text"))
        dialog.save()
        if note and dialog.winfo_exists():  # refused for want of a note: write it, save again
            look is not None and look.append(dialog.error_label.cget("text"))
            type_into(dialog.fields["breach_note"], note)
            dialog.save()
    return fill


def upcoming_rows(tab):
    tree = tab.filings_area.upcoming
    return [tree.item(iid, "values") for iid in tree.get_children()]


def test_file_a_wedding_and_see_it_in_the_next_seven_days(root, tab, message_log):
    refused = run_with_dialogs(root, tab.filings_area.add_filing,
                               (FilingDialog, fill_filing(TODAY + timedelta(days=10), "16", "150")))
    assert refused == []
    filing = CeremonyFiling.get()
    assert (filing.host_name, filing.tables, filing.breaches) == ("张德明", 16, "")
    assert upcoming_rows(tab) == []  # ten days ahead: not yet in the next 7 days
    assert "共 1 件" in tab.filings_area.table.status.cget("text")

    seen: list[str] = []
    refused = run_with_dialogs(root, tab.filings_area.add_filing, (FilingDialog, fill_filing(
        TODAY + timedelta(days=3), "26", "230", note="已劝导，主家坚持按实登记", look=seen)))
    assert refused == []
    # The form said which limits break before saving, and refused to save without a note.
    assert "超出本村限额" in seen[0] and "桌数26桌，超过限额20桌" in seen[0]
    assert "超限说明" in seen[1]
    rows = upcoming_rows(tab)
    assert len(rows) == 1
    assert rows[0][2] == "张德明" and rows[0][5] == "26"
    assert rows[0][9].startswith(BREACH_MARK) and "桌数26桌" in rows[0][9]
    assert "婚事应至少提前7天报备" in rows[0][9]
    assert tab.filings_area.upcoming.item(tab.filings_area.upcoming.get_children()[0], "tags") == ("breach",)
    tab.filings_area.breaches_only.set(True)
    tab.filings_area.reload()
    assert "共 1 件" in tab.filings_area.table.status.cget("text")


def test_nonsense_is_refused_in_the_form_and_nothing_saved(root, tab, message_log):
    refused = run_with_dialogs(root, tab.filings_area.add_filing,
                               (FilingDialog, fill_filing(TODAY + timedelta(days=10), "-3", "100")))
    assert len(refused) == 1 and "不能是负数" in refused[0]
    assert CeremonyFiling.select().count() == 0


def test_an_emcee_without_a_valid_certificate_is_warned(root, tab, village, message_log):
    emcees.save_emcee(village, {"name": "向支客", "certificate_no": "兴田支客证2020001",
                                 "certificate_issued_on": date(2020, 1, 1),
                                 "certificate_expires_on": date(2022, 12, 31)})
    seen: list[str] = []
    refused = run_with_dialogs(root, tab.filings_area.add_filing, (FilingDialog, fill_filing(
        TODAY + timedelta(days=10), "12", "100", emcee=1, look=seen)))
    assert refused == []
    assert "向支客" in seen[0] and "没有有效的上岗证" in seen[0]
    assert any("向支客" in info and "没有有效的上岗证" in info for info in message_log.infos)
    assert CeremonyFiling.get().emcee.name == "向支客"


def test_register_an_emcee_train_and_print_the_certificate(root, tab, tmp_path, monkeypatch,
                                                            message_log):
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    area = tab.emcee_area

    def fill_emcee(dialog):
        type_into(dialog.picker.search_entry, "张德明")
        dialog.picker.search()
        dialog.picker.pick([0])
        type_into(dialog.fields["certificate_issued_on"].entry, f"{TODAY:%Y-%m-%d}")
        dialog.suggest_number()
        dialog.fill_expiry()
        dialog.save()

    assert run_with_dialogs(root, area.add_emcee, (EmceeDialog, fill_emcee)) == []
    emcee = Emcee.get()
    assert emcee.name == "张德明" and emcee.certificate_no == f"兴田支客证{TODAY.year}001"
    assert emcee.certificate_expires_on == emcees.expiry_after_years(TODAY, 3)
    area.table.select(emcee.id)

    def fill_training(dialog):
        type_into(dialog.fields["hours"], "4")
        type_into(dialog.fields["content"], "婚丧礼仪流程")
        dialog.save()

    assert run_with_dialogs(root, area.add_training, (TrainingDialog, fill_training)) == []
    area.table.select(emcee.id)
    root.update()
    assert [area.trainings.item(i, "values")[2] for i in area.trainings.get_children()] == ["婚丧礼仪流程"]
    assert area.table.tree.item(str(emcee.id), "values")[6] == "持证"
    made = area.print_certificate()
    assert opened == [made] and made.parent == tmp_path / "exports"
    text = PdfReader(made).pages[0].extract_text().replace(" ", "")
    assert "支客士上岗证" in text and "张德明" in text and emcee.certificate_no in text


def test_a_member_and_the_party_group_line(root, tab, message_log):
    def fill(dialog):
        dialog.fields["role"].current(2)  # 会长
        type_into(dialog.picker.search_entry, "张德明")
        dialog.picker.search()
        dialog.picker.pick([0])
        dialog.save()

    assert run_with_dialogs(root, tab.council_area.add_member, (MemberDialog, fill)) == []
    members = tab.council_area.members
    assert [members.item(i, "values")[:3] for i in members.get_children()] == [("会长", "张德明", "党员")]
    assert "党员1人" in tab.council_area.party_label.cget("text")


def test_limits_are_edited_in_the_tab_and_bad_ones_refused(root, tab, village, message_log):
    area = tab.limits_area
    type_into(area.entries["max_tables"], "15")
    area.banned["school"].set(True)
    area.save()
    root.update()  # the tab hears of the change through the root's virtual event
    assert ceremony.get_limits(village).max_tables == 15
    assert ceremony.get_limits(village).banned_kinds == ("school",)
    assert "不操办升学宴席" in area.preview.cget("text")
    type_into(area.entries["max_tables"], "很多")
    type_into(area.warn_entry, "60")
    area.save()
    assert "每场最多桌数" in area.error_label.cget("text")
    assert ceremony.get_limits(village).max_tables == 15
    assert emcees.warn_days(village) == 30


def test_export_the_register_sheet(root, tab, village, household, tmp_path, monkeypatch,
                                   message_log):
    ceremony.save_filing(village, {"kind": "funeral", "household": household,
                                   "start_on": TODAY - timedelta(days=1), "end_on": TODAY + timedelta(days=1),
                                   "tables": "10", "guests": "90", "filed_on": TODAY})
    tab.refresh()
    target = tmp_path / "登记表.xlsx"
    monkeypatch.setattr(files, "ask_save_path", lambda *a, **k: target)
    tab.filings_area.month_box.set(f"{TODAY - timedelta(days=1):%Y-%m}")
    assert tab.filings_area.export_sheet() == target
    ws = load_workbook(target).active
    values = [row for row in ws.iter_rows(values_only=True)]
    assert values[0][0].startswith("兴田村红白事报备登记表")
    assert values[3][1:4] == ("丧事", "张德明", None)
    assert values[-2][0] == "合计"


def test_the_township_sees_a_village_read_only(root, township, tmp_path, message_log):
    xingtian = Unit.get(Unit.name == "兴田村")
    grid = Grid.create(unit=xingtian, level=3, name="院子")
    home = Household.create(unit=xingtian, grid=grid, address="兴田村1组1号")
    CeremonyFiling.create(unit=xingtian, kind="wedding", household=home, host_name="李四",
                          start_on=TODAY + timedelta(days=2), end_on=TODAY + timedelta(days=2),
                          tables=30, guests=250, filed_on=TODAY, breaches="桌数30桌，超过限额20桌")
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    tab = main.show_tab(CouncilTab)
    root.update()
    assert tab.unit.name == "兴田村"
    assert tab.read_only_note.cget("text") == READ_ONLY_NOTE
    assert [r[2] for r in upcoming_rows(tab)] == ["李四"]
    assert all(str(b.cget("state")) == "disabled" for b in tab.filings_area.buttons)
    tab.filings_area.add_filing()  # Ctrl+N still reaches it: told, not refused by an error
    assert message_log.infos and "只能查看" in message_log.infos[-1]


def test_the_township_switches_village_with_the_chooser(root, township, tmp_path, message_log):
    deyuan = Unit.get(Unit.name == "德安村")
    grid = Grid.create(unit=deyuan, level=3, name="院子")
    home = Household.create(unit=deyuan, grid=grid, address="德安村2组3号")
    CeremonyFiling.create(unit=deyuan, kind="funeral", household=home, host_name="王五",
                          start_on=TODAY + timedelta(days=1), end_on=TODAY + timedelta(days=3),
                          tables=10, guests=80, filed_on=TODAY)
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    tab = main.show_tab(CouncilTab)
    root.update()
    assert tab.unit.name == "兴田村" and upcoming_rows(tab) == []
    tab.chooser.box.current(tab.chooser.box["values"].index("德安村"))
    tab.chooser.box.event_generate("<<ComboboxSelected>>")
    root.update()
    assert tab.unit.name == "德安村"
    assert [r[2] for r in upcoming_rows(tab)] == ["王五"]


def test_a_certificate_finding_opens_the_emcee(root, village, tmp_path, message_log):
    from dongan_desk.ledgers.council.models import Emcee
    emcee = Emcee.create(unit=village, name="过期的", certificate_no="DA-001",
                         certificate_issued_on=TODAY - timedelta(days=800),
                         certificate_expires_on=TODAY - timedelta(days=5))
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    finding = next(f for f in main.current_findings() if f.target == f"emcee:{emcee.id}")
    assert main.open_target(finding.target)
    tab = main.show_tab(CouncilTab)
    assert tab.notebook.select() == str(tab.emcee_area)
    assert tab.emcee_area.table.selected().id == emcee.id
