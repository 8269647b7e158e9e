"""The 矛盾纠纷调解 tab driven through its widgets: accept a case, fail at tier 1, escalate,
settle at tier 2, print (the PDF viewer replaced), and the deadlines and statistics pages."""
import re
from datetime import date, timedelta

from openpyxl import load_workbook
from pypdf import PdfReader

from dongan_desk.ledgers.mediation.ladder import save_step
from dongan_desk.ledgers.mediation.models import Agreement, Dispute, DisputeParty, MediationStep
from dongan_desk.store.models import Unit
from dongan_desk.ui import files
from dongan_desk.ui.app import MainWindow
from dongan_desk.ledgers.mediation.case_forms import CaseDialog, PartyDialog, ResidentPickerDialog
from dongan_desk.ledgers.mediation.step_forms import FollowUpDialog, StepDialog, WithdrawDialog
from dongan_desk.ledgers.mediation.tab import MediationTab

from tests.mediation_cases import accept, step_data
from ui_driver import run_with_dialogs, type_into

TODAY = date.today()
ACCEPTED = TODAY - timedelta(days=10)


def pick(name):
    def fill(dialog):
        type_into(dialog.search_entry, name)
        dialog.people.reload()
        dialog.people.tree.selection_set(dialog.people.tree.get_children()[0])
        dialog.save()
    return fill


def fill_party(name, id_number=""):
    def fill(dialog):
        type_into(dialog.fields["name"], name)
        dialog.fields["gender"].set_code("男")
        type_into(dialog.fields["age"], "45")
        type_into(dialog.fields["address"], "城口县葛城街道")
        type_into(dialog.fields["id_number"], id_number)
        dialog.save()
    return fill


def fill_case(root, *, outsider=True):
    def fill(dialog):
        type_into(dialog.fields["accepted_on"].entry, ACCEPTED.isoformat())
        dialog.fields["category"].set_code(next(c for c, n in dialog.category_choices if n == "邻里"))
        type_into(dialog.fields["facts"], "李秀英与赵外来因排水沟走向发生争执。")
        type_into(dialog.fields["amount"], "800")
        type_into(dialog.fields["registrar"], "陈文书")
        run_with_dialogs(root, dialog.pick_resident, (ResidentPickerDialog, pick("李秀英")))
        if outsider:
            run_with_dialogs(root, dialog.add_outsider, (PartyDialog, fill_party("赵外来")))
        dialog.save()
    return fill


def fill_step(day, result, *, reason="", clause="", items="", effective=None):
    def fill(dialog):
        type_into(dialog.fields["held_on"].entry, day.isoformat())
        type_into(dialog.fields["place"], "院坝")
        type_into(dialog.fields["mediators"], "王院长（院落长）、李大姐（亲属）")
        type_into(dialog.fields["record"], "听取双方陈述。")
        if "covenant_clause" in dialog.fields:
            type_into(dialog.fields["covenant_clause"], clause)
        dialog.fields["result"].set_code(result)
        dialog.toggle()
        if result == "escalate":
            type_into(dialog.fields["escalation_reason"], reason)
        if result == "settled":
            type_into(dialog.fields["a_items"], items)
            type_into(dialog.fields["a_effective_on"].entry, (effective or day).isoformat())
            type_into(dialog.fields["a_mediator"], "王调解")
        dialog.save()
    return fill


def list_rows(tab):
    return [tab.list.tree.item(iid, "values") for iid in tab.list.tree.get_children()]


def test_accept_fail_escalate_settle_and_print(root, window, message_log, viewer):
    main, tab = window
    refused = run_with_dialogs(root, tab.new_case, (CaseDialog, fill_case(root, outsider=False)))
    assert len(refused) == 1 and "至少要有2个当事人" in refused[0]
    assert Dispute.select().count() == 0

    assert run_with_dialogs(root, tab.new_case, (CaseDialog, fill_case(root))) == []
    dispute = Dispute.get()
    assert dispute.number == f"（{ACCEPTED.year}）兴田人调字第1号"
    assert [p.name for p in dispute.parties.order_by(DisputeParty.position)] == ["李秀英", "赵外来"]
    assert list_rows(tab)[0][0] == dispute.number and list_rows(tab)[0][3] == "调解中（院户亲情调）"
    view = tab.case_view
    assert view.case.id == dispute.id and "调解中" in view.title.cget("text")

    refused = run_with_dialogs(root, view.add_step,
                               (StepDialog, fill_step(ACCEPTED + timedelta(days=1), "escalate")))
    assert "上升原因不能为空" in refused[0]
    refused = run_with_dialogs(root, view.add_step,
                               (StepDialog, fill_step(ACCEPTED - timedelta(days=1), "escalate", reason="x")))
    assert "早于受理日期" in refused[0]
    assert run_with_dialogs(root, view.add_step, (StepDialog, fill_step(
        ACCEPTED + timedelta(days=1), "escalate", reason="双方分歧较大"))) == []
    root.update()
    assert view.path_text.cget("text") == "调解经过：院户亲情调 ✗ 上升 → 村规民约调 … 进行中"
    assert [str(view.tier_boxes[t].cget("style")) for t in (1, 2, 3)] == [
        "@danger.TLabel", "@warning.TLabel", "@light.TLabel"]

    settle_day = ACCEPTED + timedelta(days=3)
    refused = run_with_dialogs(root, view.add_step, (StepDialog, fill_step(
        settle_day, "settled", clause="《兴田村村规民约》第八条")))
    assert "必须填写达成的协议内容" in refused[0]
    refused = run_with_dialogs(root, view.add_step, (StepDialog, fill_step(
        settle_day, "settled", items="乙方改道排水沟")))
    assert "村规民约条款不能为空" in refused[0]
    assert MediationStep.select().count() == 1
    assert run_with_dialogs(root, view.add_step, (StepDialog, fill_step(
        settle_day, "settled", clause="《兴田村村规民约》第八条",
        items="1、乙方于三日内改道排水沟\n2、甲方不再追究"))) == []
    root.update()
    assert "调解成功" in view.title.cget("text")
    assert view.path_text.cget("text") == "调解经过：院户亲情调 ✗ 上升 → 村规民约调 ✓ 调解成功"
    assert list_rows(tab)[0][3] == "调解成功（村规民约调）"
    assert "书面协议，一式3份" in view.agreement.cget("text")
    assert Agreement.get().items == "乙方于三日内改道排水沟\n甲方不再追究"
    assert str(view.buttons["step"].cget("state")) == "disabled"

    target = view.print("agreement")
    assert viewer == [target] and target.parent == main.data_dir / "exports"
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(target).pages))
    assert dispute.number in text and "甲方：李秀英" in text and "乙方：赵外来" in text
    assert "1、乙方于三日内改道排水沟" in text
    oral_entry = list(view.print_menu.entrycget(i, "label") for i in range(5)).index("口头协议登记表")
    assert view.print_menu.entrycget(oral_entry, "state") == "disabled"
    assert message_log.errors == []


def test_a_bad_id_number_is_refused_in_the_party_form(root, window, message_log):
    main, tab = window
    inner = []

    def fill(dialog):
        inner.extend(run_with_dialogs(root, dialog.add_outsider,
                                      (PartyDialog, fill_party("赵外来", "110105194912310021"))))
        assert dialog.parties == []
        dialog.cancel()
    refused = run_with_dialogs(root, tab.new_case, (CaseDialog, fill))
    assert refused == [] and Dispute.select().count() == 0
    assert len(inner) == 1 and "甲方赵外来的身份证号有误" in inner[0] and "校验" in inner[0]


def test_follow_up_and_withdraw_from_the_case_view(root, window, village, message_log):
    main, tab = window
    settled = accept(village, accepted_on=ACCEPTED, today=TODAY)
    save_step(settled, step_data(ACCEPTED, "settled"), today=TODAY,
              agreement={"items": "赔礼道歉", "effective_on": ACCEPTED, "kind": "oral"})
    open_case = accept(village, accepted_on=ACCEPTED, today=TODAY)
    main.context.data_changed()
    root.update()
    tab.open_case(settled.id)

    def visit(dialog):
        type_into(dialog.fields["visitor"], "王回访")
        type_into(dialog.fields["situation"], "已当面道歉")
        dialog.fields["performance"].set_code("done")
        dialog.save()
    assert run_with_dialogs(root, tab.case_view.add_follow_up, (FollowUpDialog, visit)) == []
    root.update()
    assert tab.case_view.follow_ups.get_children() and Agreement.get().performance == "done"

    tab.open_case(open_case.id)
    def withdraw(dialog):
        type_into(dialog.fields["reason"], "双方自行和解")
        dialog.save()
    assert run_with_dialogs(root, tab.case_view.toggle_withdraw, (WithdrawDialog, withdraw)) == []
    root.update()
    assert Dispute.get_by_id(open_case.id).status == "withdrawn"
    assert tab.case_view.buttons["withdraw"].cget("text") == "取消撤回"
    tab.case_view.toggle_withdraw()
    root.update()
    assert Dispute.get_by_id(open_case.id).status == "open"


def test_deadlines_page_opens_the_case(root, window, village, message_log):
    main, tab = window
    late = accept(village, accepted_on=TODAY - timedelta(days=45), today=TODAY)
    main.context.data_changed()
    root.update()
    rows = [tab.deadlines.tree.item(i, "values") for i in tab.deadlines.tree.get_children()]
    assert [(r[0], r[1]) for r in rows] == [("调解超过一个月未结", late.number)]
    tab.deadlines.tree.selection_set(tab.deadlines.tree.get_children()[0])
    tab.deadlines.open_selected()
    assert tab.case_view.case.id == late.id and tab.pages.index("current") == 0
    assert "规则提示：" in main.status.findings_button.cget("text")


def test_statistics_page_and_excel_export(root, window, village, message_log, monkeypatch, tmp_path):
    main, tab = window
    settled = accept(village, accepted_on=ACCEPTED, today=TODAY)
    save_step(settled, step_data(ACCEPTED, "settled"), today=TODAY,
              agreement={"items": "赔礼道歉", "effective_on": ACCEPTED, "amount": "200"})
    main.context.data_changed()
    root.update()
    stats = tab.stats
    stats.year.set_code(ACCEPTED.year)
    stats.part.set_code(0)
    stats.refresh()
    rows = {stats.categories.item(i, "values")[0]: stats.categories.item(i, "values")
            for i in stats.categories.get_children()}
    assert rows["邻里"][1:4] == ("1", "1", "100.0%") and rows["合计"][1] == "1"
    tiers = [stats.tiers.item(i, "values") for i in stats.tiers.get_children()]
    assert tiers[0][0] == "院户亲情调" and tiers[0][4] == "1"
    target = tmp_path / "统计.xlsx"
    monkeypatch.setattr(files, "ask_save_path", lambda *a, **k: target)
    assert stats.export() == target
    book = load_workbook(target)
    assert book.sheetnames == ["矛盾纠纷排查调处台账", "按纠纷类型统计", "按调解层级统计"]
    assert book["矛盾纠纷排查调处台账"]["B4"].value == settled.number
    book.close()


def test_a_village_case_is_read_only_on_the_township(root, township, tmp_path, message_log):
    from dongan_desk.ledgers.mediation.categories import categories, install_default_categories
    village = Unit.get(Unit.short_name == "兴田")
    install_default_categories(village)
    case = Dispute.create(unit=village, year=TODAY.year, serial=1, accepted_on=ACCEPTED,
                          source="apply", category=categories(village)[0], facts="村里的纠纷")
    for n, name in enumerate(("甲某", "乙某")):
        DisputeParty.create(dispute=case, position=n, name=name)
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    tab = main.show_tab(MediationTab)
    root.update()
    tab.open_case(case.id)
    states = {k: str(b.cget("state")) for k, b in tab.case_view.buttons.items()}
    assert set(states.values()) == {"disabled"}
    assert str(tab.case_view.print_button.cget("state")) == "normal"
    assert list_rows(tab)[0][1] == village.name  # the 单位 column on the township
    other = Unit.get(Unit.short_name == "德安")
    tab.chooser.choose(other.id)
    tab.reload_list()
    assert list_rows(tab) == []  # 德安村 has no cases
    tab.chooser.choose(village.id)
    tab.reload_list()
    assert [r[1] for r in list_rows(tab)] == [village.name]


def test_a_deadline_finding_opens_its_case(root, window, message_log):
    main, tab = window
    late = accept(Unit.get(Unit.is_home == True), accepted_on=TODAY - timedelta(days=45),  # noqa: E712
                  today=TODAY)
    main.context.data_changed()
    root.update()
    finding = next(f for f in main.current_findings() if f.target == f"dispute:{late.id}")
    assert main.open_target(finding.target)
    assert tab.case_view.case.id == late.id
