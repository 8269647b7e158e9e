"""The 党员结对帮扶 tab driven through its widgets: pair, visit, and see the coverage lists change."""
import time
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dongan_desk.ledgers.pairing import rules as pairing
from dongan_desk.ledgers.pairing.models import Pairing, Visit
from dongan_desk.ui import files
from dongan_desk.ui.app import MainWindow
from dongan_desk.ledgers.pairing.forms import (EndPairingDialog, PairingDialog, ProfileDialog,
                                               VisitDialog)
from dongan_desk.ledgers.pairing.tab import PairingTab

from pairing_fixtures import build_village, pairing_data
from ui_driver import run_with_dialogs, type_into

TODAY = date.today()


def status_count(root, main) -> str:
    """The status bar's count, once its background check has finished."""
    deadline = time.monotonic() + 10
    while getattr(main, "findings_pending", False) and time.monotonic() < deadline:
        root.update()
        time.sleep(0.02)
    return main.status.findings_button.cget("text")


@pytest.fixture
def window(root, village, tmp_path):
    town = build_village(village)
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    tab = main.show_tab(PairingTab)
    root.update()
    return main, tab, town


def listed(tab):
    return [tab.pairings.tree.item(iid, "values") for iid in tab.pairings.tree.get_children()]


def choose_member(dialog, name):
    dialog.fields["member"].current(next(i for i, m in enumerate(dialog.members) if m.name == name))


def fill_pairing(member, help_content="协助办理低保年审", start=None):
    def fill(dialog):
        choose_member(dialog, member)
        if start is not None:
            type_into(dialog.fields["start_date"].entry, f"{start:%Y-%m-%d}")
        type_into(dialog.fields["help_content"], help_content)
        dialog.save()
    return fill


def fill_visit(day, risks="", dispute=False):
    def fill(dialog):
        type_into(dialog.fields["visit_date"].entry, f"{day:%Y-%m-%d}")
        type_into(dialog.fields["living"], "身体尚好，粮油充足")
        type_into(dialog.fields["risks"], risks)
        dialog.dispute_var.set(dispute)
        dialog.save()
    return fill


def test_pairing_from_the_coverage_list_clears_it(root, window, message_log):
    main, tab, town = window
    assert tab.coverage.names("households") == ["张大爷", "刘某"]
    assert tab.coverage.names("members") == ["李红梅", "王建国"]
    assert "未结对户（2）" == tab.coverage.notebook.tab(tab.coverage.pages["households"], "text")
    assert "共 0 个结对" in tab.pairings.status.cget("text")
    before = len(main.current_findings())
    assert f"{before} 条" in status_count(root, main)

    tab.coverage.trees["households"].selection_set(str(town.poor_home.id))

    def fill(dialog):
        chosen = dialog.fields["target"].curselection()
        assert [dialog.people[i].name for i in chosen] == ["张大爷"]  # the household it named
        fill_pairing("王建国")(dialog)

    refused = run_with_dialogs(root, lambda: tab.coverage.open_selected("households"), (PairingDialog, fill))
    assert refused == []
    root.update()
    assert tab.coverage.names("households") == ["刘某"]
    assert tab.coverage.names("members") == ["李红梅"]
    rows = listed(tab)
    assert [(r[0], r[1], r[3], r[6]) for r in rows] == [("王建国", "张大爷", "低保", "（未走访）")]
    assert tab.pairings.selected().member_name == "王建国"  # the new pairing is selected
    assert "协助办理低保年审" in tab.details.cget("text")
    # the household's and the member's findings are gone from the status bar's count
    assert f"{before - 2} 条" in status_count(root, main)


def test_a_refused_pairing_keeps_the_form_open_and_saves_nothing(root, window, message_log):
    main, tab, town = window
    pairing.save_pairing(pairing_data(town.member_a, town.poor, start=TODAY))
    tab.refresh()
    tab.coverage.trees["households"].selection_set(str(town.watched_home.id))
    refused = run_with_dialogs(root, lambda: tab.coverage.open_selected("households"),
                               (PairingDialog, fill_pairing("李红梅", start=TODAY + timedelta(days=3))))
    assert len(refused) == 1 and "不能晚于今天" in refused[0]
    assert Pairing.select().count() == 1


def test_visit_clears_the_overdue_list_and_a_bad_visit_is_refused(root, window, message_log):
    main, tab, town = window
    record = pairing.save_pairing(pairing_data(town.member_b, town.watched,
                                               start=TODAY - timedelta(days=100))).record
    tab.refresh()
    assert tab.coverage.names("overdue") == ["李红梅→刘某"]
    tab.coverage.trees["overdue"].selection_set(str(record.id))
    tab.coverage.open_selected("overdue")  # opens the pairing it names: selected in the list
    assert tab.pairings.selected().id == record.id
    assert "超期70天" in listed(tab)[0][8]

    refused = run_with_dialogs(root, tab.add_visit,
                               (VisitDialog, fill_visit(TODAY - timedelta(days=101))))
    assert len(refused) == 1 and "早于结对日期" in refused[0]
    assert Visit.select().count() == 0

    refused = run_with_dialogs(root, tab.add_visit,
                               (VisitDialog, fill_visit(TODAY, "与邻居因排水沟争吵", dispute=True)))
    assert refused == []
    root.update()
    assert tab.coverage.names("overdue") == []
    shown = [tab.visits.tree.item(iid, "values") for iid in tab.visits.tree.get_children()]
    assert shown[0][0] == f"{TODAY:%Y-%m-%d}" and shown[0][4] == "与邻居因排水沟争吵"
    assert shown[0][7] == "⚠ 是"
    assert Visit.get().found_dispute
    assert listed(tab)[0][7] == "1"  # 走访次数


def test_ending_a_pairing_keeps_it_under_ended(root, window, message_log):
    main, tab, town = window
    pairing.save_pairing(pairing_data(town.member_a, town.poor, start=TODAY - timedelta(days=10)))
    tab.refresh()
    tab.pairings.select(Pairing.get().id)

    def fill(dialog):
        dialog.fields["end_reason"].current(0)
        dialog.save()

    assert run_with_dialogs(root, tab.end_pairing, (EndPairingDialog, fill)) == []
    root.update()
    assert listed(tab) == [] and tab.coverage.names("households") == ["张大爷", "刘某"]
    tab.status_box.current(1)  # 已结束
    tab.reload_pairings()
    assert listed(tab)[0][5] == f"已结束（{TODAY:%Y-%m-%d}）"


def test_member_commitment_and_printing_the_notice(root, window, message_log, monkeypatch, tmp_path):
    main, tab, town = window
    pairing.save_pairing(pairing_data(town.member_a, town.poor, start=TODAY))
    tab.refresh()

    def fill(dialog):
        choose_member(dialog, "王建国")
        dialog.load()
        type_into(dialog.fields["post"], "党小组长")
        type_into(dialog.fields["commitment"], "带头遵守村规民约，结对帮扶1户")
        dialog.save()

    assert run_with_dialogs(root, tab.edit_profile, (ProfileDialog, fill)) == []
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    made = tab.print_notice()
    assert opened == [made] and made.parent == tmp_path / "exports"
    text = "".join((p.extract_text() or "") for p in PdfReader(made).pages).replace("\n", "")
    assert "带头遵守村规民约，结对帮扶1户" in text and "张大爷" in text and "党小组长" in text

    sheet = tmp_path / "导出.xlsx"
    monkeypatch.setattr(files, "ask_save_path", lambda *a, **k: sheet)
    assert tab.export_sheet() == sheet
    values = [row for row in load_workbook(sheet).active.iter_rows(values_only=True)]
    assert values[4][1] == "王建国" and values[4][5] == "张大爷（低保）兴田村2组8号"
    assert message_log.errors == []


def select_a_new_visit(root, tab, town, fill):
    """Pair a member with the watched person, record a visit through the form, select it."""
    record = pairing.save_pairing(pairing_data(town.member_b, town.watched,
                                               start=TODAY - timedelta(days=20))).record
    tab.refresh()
    tab.pairings.select(record.id)
    root.update()
    run_with_dialogs(root, tab.add_visit, (VisitDialog, fill))
    root.update()
    tab.visits.tree.selection_set(tab.visits.tree.get_children()[0])


def test_a_visit_that_found_a_dispute_opens_a_case_in_the_mediation_tab(root, window, message_log):
    from dongan_desk.ledgers.mediation.models import Dispute, DisputeParty
    from dongan_desk.ledgers.mediation.case_forms import CaseDialog, PartyDialog

    main, tab, town = window
    select_a_new_visit(root, tab, town, fill_visit(TODAY, "与邻居因排水沟争吵", dispute=True))

    def fill_case(dialog):
        assert "与邻居因排水沟争吵" in dialog.value("facts")
        dialog.fields["category"].set_code(next(c for c, n in dialog.category_choices if n == "邻里"))
        type_into(dialog.fields["registrar"], "陈文书")

        def outsider(party):
            type_into(party.fields["name"], "赵邻居")
            party.fields["gender"].set_code("男")
            type_into(party.fields["age"], "50")
            type_into(party.fields["address"], "东安镇兴田村1组")
            party.save()

        run_with_dialogs(root, dialog.add_outsider, (PartyDialog, outsider))
        dialog.save()

    refused = run_with_dialogs(root, tab.open_dispute, (CaseDialog, fill_case))
    assert refused == []
    case = Dispute.get()
    names = [p.name for p in DisputeParty.select().where(DisputeParty.dispute == case)]
    assert town.watched.name in names and "赵邻居" in names
    assert "人调字第1号" in case.number
    assert case.source == "initiative" and case.accepted_on == TODAY


def test_a_visit_without_a_dispute_mark_says_so(root, window, message_log):
    main, tab, town = window
    select_a_new_visit(root, tab, town, fill_visit(TODAY))
    assert tab.open_dispute() is None
    assert any("没有标记" in m for m in message_log.infos)


def test_a_finding_opens_its_pairing(root, window, message_log):
    main, tab, town = window
    record = pairing.save_pairing(pairing_data(town.member_b, town.watched,
                                               start=TODAY - timedelta(days=100))).record
    main.context.data_changed()
    root.update()
    overdue = [f for f in main.current_findings() if f.target == f"pairing:{record.id}"]
    assert overdue and overdue[0].rule == "结对走访超期"
    tab.pairings.tree.selection_remove(*tab.pairings.tree.selection())
    assert main.open_target(overdue[0].target)
    assert tab.pairings.selected().id == record.id
