"""The 网格花名册 tab and its forms, issue 12: 注销 and 恢复在册 with the list's 在册状态 filter, the
花名册 printed and exported, the resident form's defaults and inline warnings, and the search
note when a courtyard is selected. Driven through the real widgets."""
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.roster.forms import DeregisterDialog, ResidentDialog, RestoreDialog
from dongan_desk.ledgers.roster.tab_papers import RosterPrintDialog
from dongan_desk.ledgers.roster.tab import RosterTab
from dongan_desk.store.models import Grid, Household, Resident
from dongan_desk.ui import files
from dongan_desk.ui.app import MainWindow

from ui_driver import find_widgets, run_with_dialogs, type_into, wait_until

HEAD_ID, SON_ID = "11010519491231002X", "500229198507150015"  # 女 1949 / 男 1985


@pytest.fixture
def window(root, village, tmp_path):
    village_grid = Grid.get(Grid.level == 2)
    courtyard = roster.save_grid({"name": "张家院子", "first_responsible": "王干部",
                                  "parent": village_grid}).record
    other = roster.save_grid({"name": "李家坪", "parent": village_grid}).record
    home = roster.save_household({"grid": courtyard, "address": "兴田村1组1号"}).record
    roster.save_resident({"household": home, "name": "李秀英", "id_number": HEAD_ID})
    far = roster.save_household({"grid": other, "address": "兴田村5组3号"}).record
    roster.save_resident({"household": far, "name": "王远"})
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    tab = find_widgets(main, RosterTab)[0]
    tab.select_grid(courtyard.id)
    root.update()
    return main, tab, courtyard, home


def shown(tab):
    return [tab.people.tree.item(iid, "values")[0] for iid in tab.people.tree.get_children()]


def tree_count(tab, grid):
    return int(tab.tree.item(str(grid.id), "values")[1])


def choose_status(tab, label):
    tab.status_box.set(label)
    tab.status_box.event_generate("<<ComboboxSelected>>")
    tab.update()


def test_a_person_who_moved_leaves_the_list_and_the_counts_and_comes_back(root, window,
                                                                          message_log):
    main, tab, courtyard, home = window
    son = roster.save_resident({"household": home, "name": "王建国", "relation": "子",
                                "id_number": SON_ID}).record
    main.context.data_changed()
    root.update()
    tab.people.select(son.id)
    assert tree_count(tab, courtyard) == 2

    def leave(dialog):
        assert dialog.fields["status"].get() == "迁出"
        type_into(dialog.fields["status_on"].entry, "2026-01-05")
        type_into(dialog.fields["status_note"], "迁往重庆市渝北区")
        dialog.show_plan()
        assert dialog.plan.cget("text").startswith("注销后")
        dialog.save()

    assert run_with_dialogs(root, tab.deregister, (DeregisterDialog, leave)) == []
    gone = Resident.get_by_id(son.id)
    assert (gone.status, gone.status_on, gone.status_note) == ("moved", date(2026, 1, 5), "迁往重庆市渝北区")
    assert "王建国" not in shown(tab) and "李秀英" in shown(tab)
    assert tree_count(tab, courtyard) == 1
    choose_status(tab, "迁出")
    assert shown(tab) == ["王建国（已迁出）"]
    choose_status(tab, "全部（含已注销）")
    assert shown(tab) == ["李秀英", "王建国（已迁出）"]
    tab.people.select(son.id)
    assert run_with_dialogs(root, tab.restore, (RestoreDialog, lambda d: d.save())) == []
    assert Resident.get_by_id(son.id).status == "active"
    assert tab.status_box.get() == "在册" and "王建国" in shown(tab)
    assert tree_count(tab, courtyard) == 2


def test_bad_leaving_input_keeps_the_form_open(root, window, message_log):
    main, tab, courtyard, home = window
    tab.people.select(Resident.get(Resident.name == "李秀英").id)

    def future(dialog):
        type_into(dialog.fields["status_on"].entry, "2099-01-01")
        dialog.save()

    def not_a_date(dialog):
        type_into(dialog.fields["status_on"].entry, "去年")
        dialog.save()

    def other_without_note(dialog):
        dialog.fields["status"].set("其他注销")
        dialog.save()

    refused = run_with_dialogs(root, tab.deregister, (DeregisterDialog, future))
    refused += run_with_dialogs(root, tab.deregister, (DeregisterDialog, not_a_date))
    refused += run_with_dialogs(root, tab.deregister, (DeregisterDialog, other_without_note))
    assert "不能晚于今天" in refused[0] and "不是有效日期" in refused[1]
    assert "注销说明不能为空" in refused[2]
    assert not Resident.select().where(Resident.status != "active").exists()


def test_the_delete_question_points_to_leaving_instead(root, window, message_log):
    main, tab, courtyard, home = window
    tab.people.select(Resident.get(Resident.name == "李秀英").id)
    message_log.answer = False
    tab.delete_resident()
    tab.delete_household()
    assert all("注销…" in q for q in message_log.questions) and len(message_log.questions) == 2
    assert "迁出或去世" in message_log.questions[0] and "整户注销" in message_log.questions[1]


def test_a_new_members_relation_starts_as_what_the_household_lacks(root, window, message_log):
    main, tab, courtyard, home = window
    tab.people.select(Resident.get(Resident.name == "李秀英").id)
    seen = {}

    def second(dialog):
        seen["second"] = dialog.fields["relation"].get()
        type_into(dialog.fields["name"], "王大山")
        dialog.save()

    def third(dialog):
        seen["third"] = dialog.fields["relation"].get()
        type_into(dialog.fields["name"], "王小明")
        type_into(dialog.fields["id_number"], SON_ID)
        dialog.show_derived()  # a man's number: 子
        seen["third with id"] = dialog.fields["relation"].get()
        dialog.save()

    def fourth_unchosen(dialog):
        type_into(dialog.fields["name"], "不知道")
        dialog.save()

    assert run_with_dialogs(root, tab.add_resident, (ResidentDialog, second)) == []
    root.update()
    tab.people.select(Resident.get(Resident.name == "李秀英").id)
    assert run_with_dialogs(root, tab.add_resident, (ResidentDialog, third)) == []
    root.update()
    tab.people.select(Resident.get(Resident.name == "李秀英").id)
    refused = run_with_dialogs(root, tab.add_resident, (ResidentDialog, fourth_unchosen))
    assert seen == {"second": "配偶", "third": "", "third with id": "子"}
    assert Resident.get(Resident.name == "王小明").relation == "子"
    assert "请选择与户主关系" in refused[0]
    assert not Resident.select().where(Resident.name == "不知道").exists()


def test_phone_warnings_show_beside_the_field_and_an_impossible_one_is_refused(root, window,
                                                                             message_log):
    main, tab, courtyard, home = window
    tab.people.select(Resident.get(Resident.name == "李秀英").id)
    notes = {}

    def odd(dialog):
        type_into(dialog.fields["name"], "电话怪")
        dialog.fields["relation"].set("子")
        for typed in ("12345", "abc"):
            type_into(dialog.fields["phone"], typed)
            dialog.fields["phone"].event_generate("<FocusOut>")
            notes[typed] = (dialog.phone_note.cget("text"), str(dialog.phone_note.cget("style")))
        dialog.save()

    refused = run_with_dialogs(root, tab.add_resident, (ResidentDialog, odd))
    assert "手机号应为11位" in notes["12345"][0] and "warning" in notes["12345"][1]
    assert "不是电话号码" in notes["abc"][0] and "13812345678" in notes["abc"][0]
    assert "danger" in notes["abc"][1]
    assert "不是电话号码" in refused[0]
    assert not Resident.select().where(Resident.name == "电话怪").exists()


def test_a_name_with_a_line_break_is_refused_in_the_form(root, window, message_log):
    main, tab, courtyard, home = window
    tab.people.select(Resident.get(Resident.name == "李秀英").id)

    def two_lines(dialog):
        dialog.fields["name"].insert(0, "王\n二")  # pasted from a cell that held a line break
        dialog.fields["relation"].set("子")
        dialog.save()

    refused = run_with_dialogs(root, tab.add_resident, (ResidentDialog, two_lines))
    assert "姓名里不能有换行" in refused[0]
    assert Resident.select().count() == 2


def test_gender_and_birth_date_are_typed_when_there_is_no_id_number(root, window, message_log):
    main, tab, courtyard, home = window
    tab.people.select(Resident.get(Resident.name == "李秀英").id)
    states = {}

    def no_id(dialog):
        states["with id"] = None
        type_into(dialog.fields["id_number"], HEAD_ID)
        dialog.show_derived()
        states["with id"] = (str(dialog.fields["gender"].cget("state")), dialog.fields["gender"].get())
        type_into(dialog.fields["id_number"], "")
        dialog.show_derived()
        states["without"] = str(dialog.fields["gender"].cget("state"))
        type_into(dialog.fields["name"], "王无证")
        dialog.fields["gender"].set("男")
        dialog.follow_gender()
        type_into(dialog.fields["birth_date"].entry, "1962-03-08")
        dialog.save()

    assert run_with_dialogs(root, tab.add_resident, (ResidentDialog, no_id)) == []
    assert states == {"with id": ("disabled", "女"), "without": "readonly"}
    person = Resident.get(Resident.name == "王无证")
    assert (person.gender, person.birth_date, person.id_number) == ("男", date(1962, 3, 8), None)
    row = tab.people.tree.item(str(person.id), "values")
    assert row[2] == "男" and row[3] != ""  # the list shows the gender and the age


def test_searching_in_a_courtyard_says_so_and_offers_the_whole_village(root, window, message_log):
    main, tab, courtyard, home = window
    type_into(tab.search_entry, "王远")
    tab.reload_people()
    root.update()
    assert shown(tab) == []
    assert "只在院落网格“张家院子”里查找" in tab.search_hint.cget("text")
    assert tab.whole_village_button.winfo_ismapped()
    tab.whole_village_button.invoke()
    root.update()
    assert tab.selected_grid().level == 2
    assert shown(tab) == ["王远"]
    assert not tab.whole_village_button.winfo_ismapped()
    type_into(tab.search_entry, "")
    tab.reload_people()
    assert "可按姓名" in tab.search_hint.cget("text")


def test_the_roster_is_printed_and_exported_from_the_tab(root, window, message_log, monkeypatch,
                                                         tmp_path):
    main, tab, courtyard, home = window
    opened = []
    monkeypatch.setattr(files, "open_with_system", lambda path: opened.append(path))
    monkeypatch.setattr(files, "ask_save_path", lambda *a, **k: tmp_path / "导出.xlsx")

    def whole_village(dialog):
        dialog.scope_var.set("village")
        dialog.save()

    def courtyard_with_whole_ids(dialog):
        dialog.whole_ids_var.set(True)
        dialog.save()

    pdf = []
    run_with_dialogs(root, lambda: pdf.append(tab.print_roster()), (RosterPrintDialog, whole_village))
    text = "".join(p.extract_text() for p in PdfReader(str(pdf[0])).pages)
    assert pdf[0].name.startswith("兴田村网格花名册（全村）")
    assert "李秀英" in text and "王远" in text and "110105********002X" in text and HEAD_ID not in text
    made = []
    run_with_dialogs(root, lambda: made.append(tab.export_roster()),
                     (RosterPrintDialog, courtyard_with_whole_ids))
    rows = list(load_workbook(made[0]).active.iter_rows(values_only=True))
    assert rows[0][0] == "兴田村网格花名册（张家院子）"
    assert [r[3] for r in rows[3:-2]] == ["李秀英"] and rows[3][8] == HEAD_ID
    assert not Household.select().where(Household.status != "active").exists()


def test_leaving_shows_in_the_status_bar_count(root, window, message_log):
    main, tab, courtyard, home = window
    worker = roster.save_resident({"household": home, "name": "党员甲", "relation": "子",
                                   "is_party_member": True, "party_join_date": date(2001, 7, 1)}).record
    roster.set_grid_members(courtyard, [worker], [])
    main.context.data_changed()
    root.update()
    wait_until(root, lambda: not main.findings_pending)
    targets = [f.target for f in main.current_findings()]
    assert f"grid:{courtyard.id}" not in targets and f"resident:{worker.id}" in targets
    tab.people.select(worker.id)

    def leave(dialog):
        type_into(dialog.fields["status_note"], "组织关系转出")
        dialog.save()

    assert run_with_dialogs(root, tab.deregister, (DeregisterDialog, leave)) == []
    root.update()
    wait_until(root, lambda: not main.findings_pending)
    # Her courtyard has no party 网格员 now, and she is no longer a party member without a pairing.
    targets = [f.target for f in main.current_findings()]
    assert f"grid:{courtyard.id}" in targets and f"resident:{worker.id}" not in targets
    assert f"{len(targets)} 条" in main.status.findings_button.cget("text")
    assert "党员甲" not in tab.tree.item(str(courtyard.id), "values")[3]


def test_the_township_reads_a_villages_roster_and_prints_it(root, township, tmp_path, message_log,
                                                           monkeypatch):
    from dongan_desk.store.models import Unit
    xingtian = Unit.get(Unit.name == "兴田村")
    village_grid = Grid.create(unit=xingtian, level=2, name="兴田村村级网格")
    courtyard = Grid.create(unit=xingtian, level=3, name="院子", parent=village_grid)
    home = Household.create(unit=xingtian, grid=courtyard, address="兴田村1组1号")
    Resident.create(unit=xingtian, household=home, name="村里人", id_number=HEAD_ID)
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    tab = main.show_tab(RosterTab)
    root.update()
    tab.select_grid(village_grid.id)
    root.update()
    assert str(tab.deregister_button.cget("state")) == "disabled"
    assert str(tab.restore_button.cget("state")) == "disabled"
    monkeypatch.setattr(files, "open_with_system", lambda path: None)
    made = []
    run_with_dialogs(root, lambda: made.append(tab.print_roster()), (RosterPrintDialog, lambda d: d.save()))
    text = "".join(p.extract_text() for p in PdfReader(str(made[0])).pages)
    assert "兴田村网格花名册（全村）" in text and "村里人" in text and HEAD_ID not in text
