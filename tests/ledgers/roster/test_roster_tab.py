"""The 网格花名册 tab driven through its widgets, in the session's one real window."""
from datetime import date

import pytest

from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.store.models import Grid, Household, Resident
from dongan_desk.ui.app import MainWindow
from dongan_desk.ledgers.roster.grid_forms import GridMembersDialog
from dongan_desk.ledgers.roster.forms import HouseholdDialog, ResidentDialog
from dongan_desk.ledgers.roster.tab import LACKS_WORKER_MARK, RosterTab

from ui_driver import find_widgets, run_with_dialogs, type_into, wait_until

VALID_ID = "11010519491231002X"


@pytest.fixture
def window(root, village, tmp_path):
    courtyard = roster.save_grid({"name": "张家院子", "first_responsible": "王干部",
                                  "parent": Grid.get(Grid.level == 2)}).record
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    tab = find_widgets(main, RosterTab)[0]
    tab.tree.selection_set(str(courtyard.id))
    root.update()
    return main, tab, courtyard


def fill_household(address):
    def fill(dialog):
        type_into(dialog.fields["address"], address)
        dialog.save()
    return fill


def fill_resident(name, id_number, party=False):
    def fill(dialog):
        type_into(dialog.fields["name"], name)
        type_into(dialog.fields["id_number"], id_number)
        if party:
            dialog.party_var.set(True)
            dialog.toggle_party()
            type_into(dialog.fields["party_branch"], "兴田村党支部")
            type_into(dialog.fields["party_join_date"].entry, "2001-07-01")
        dialog.save()
    return fill


def visible_names(tab):
    return [tab.people.tree.item(iid, "values")[0] for iid in tab.people.tree.get_children()]


def test_add_household_and_resident_then_find_them(root, window, message_log):
    main, tab, courtyard = window
    refused = run_with_dialogs(root, tab.add_household,
                               (HouseholdDialog, fill_household("东安镇兴田村3组17号")),
                               (ResidentDialog, fill_resident("李秀英", "11010519491231002x")))
    assert refused == []
    person = Resident.get(Resident.name == "李秀英")
    assert person.id_number == VALID_ID and person.relation == "户主"
    assert "李秀英" in visible_names(tab)
    row = tab.people.tree.item(str(person.id), "values")
    assert row[4] == "110105********002X" and row[2] == "女"
    type_into(tab.search_entry, "002X")
    tab.reload_people()
    assert visible_names(tab) == ["李秀英"]
    type_into(tab.search_entry, "3组17号")
    tab.reload_people()
    assert visible_names(tab) == ["李秀英"]
    type_into(tab.search_entry, "没有这个人")
    tab.reload_people()
    assert visible_names(tab) == []
    assert "共 0 人" in tab.people.status.cget("text")


def test_bad_id_number_is_refused_in_the_form_and_nothing_saved(root, window, message_log):
    main, tab, courtyard = window
    household = roster.save_household({"grid": courtyard, "address": "兴田村1组1号"}).record
    roster.save_resident({"household": household, "name": "户主甲"})
    tab.reload_people()
    tab.people.select(Resident.get(Resident.name == "户主甲").id)
    refused = run_with_dialogs(root, tab.add_resident,
                               (ResidentDialog, fill_resident("错号人", "110105194912310021")))
    assert len(refused) == 1 and "校验" in refused[0]
    assert not Resident.select().where(Resident.name == "错号人").exists()
    assert Household.select().count() == 1


def test_rule_finding_is_marked_and_clears_when_a_party_member_becomes_worker(root, window,
                                                                              message_log):
    main, tab, courtyard = window
    household = roster.save_household({"grid": courtyard, "address": "兴田村1组2号"}).record
    member = roster.save_resident({"household": household, "name": "党员乙", "is_party_member": True,
                                   "party_join_date": date(2001, 7, 1)}).record
    main.context.data_changed()
    root.update()
    wait_until(root, lambda: not main.findings_pending)
    assert tab.tree.item(str(courtyard.id), "text").startswith(LACKS_WORKER_MARK)
    before = len(main.current_findings())
    assert f"{before} 条" in main.status.findings_button.cget("text")
    assert any(f.target == f"grid:{courtyard.id}" for f in main.current_findings())

    def choose_member(dialog):
        box = dialog.fields["workers"]
        box.selection_set([i for i, p in enumerate(dialog.candidates) if p.id == member.id][0])
        dialog.save()

    tab.tree.selection_set(str(courtyard.id))
    root.update()
    assert run_with_dialogs(root, tab.edit_members, (GridMembersDialog, choose_member)) == []
    root.update()
    wait_until(root, lambda: not main.findings_pending)
    assert not tab.tree.item(str(courtyard.id), "text").startswith(LACKS_WORKER_MARK)
    after = before - 1
    assert (f"{after} 条" if after else "无") in main.status.findings_button.cget("text")
    assert not any(f.target == f"grid:{courtyard.id}" for f in main.current_findings())
    assert "党员乙" in tab.tree.item(str(courtyard.id), "values")[3]


def test_delete_asks_first_and_keeps_the_person_on_no(root, window, message_log):
    main, tab, courtyard = window
    household = roster.save_household({"grid": courtyard, "address": "兴田村1组3号"}).record
    person = roster.save_resident({"household": household, "name": "留下的人"}).record
    tab.reload_people()
    tab.people.select(person.id)
    message_log.answer = False
    tab.delete_resident()
    assert Resident.select().where(Resident.id == person.id).exists()
    assert message_log.questions
    message_log.answer = True
    tab.delete_resident()
    assert not Resident.select().where(Resident.id == person.id).exists()


def test_ctrl_f_goes_to_the_search_box_and_ctrl_n_to_a_new_person(root, window, message_log):
    main, tab, courtyard = window
    type_into(tab.search_entry, "张")
    tab.search_entry.selection_clear()
    root.focus_force()
    tab.people.tree.focus_set()
    root.update()
    tab.people.tree.event_generate("<Control-f>")
    root.update()
    assert tab.search_entry.selection_present()  # the old text selected, ready to type over
    assert root.focus_get() in (tab.search_entry, None)  # None: Xvfb without a window manager
    tab.search_entry.event_generate("<Control-n>")  # nobody selected: told what to do first
    root.update()
    assert any("新增户" in m for m in message_log.infos)


def test_a_finding_opens_the_courtyard_it_names(root, window, message_log):
    from dongan_desk.ui.findings_dialog import FindingsDialog

    main, tab, courtyard = window
    other = roster.save_grid({"name": "李家坪", "first_responsible": "赵干部",
                              "parent": Grid.get(Grid.level == 2)}).record
    main.context.data_changed()
    root.update()
    tab.tree.selection_set(str(courtyard.id))
    main.show_findings()
    dialog = find_widgets(root, FindingsDialog)[-1]
    row = next(iid for iid in dialog.tree.get_children()
               if dialog.items[int(iid)].target == f"grid:{other.id}")
    dialog.tree.selection_set(row)
    dialog.open_selected()
    root.update()
    assert not dialog.winfo_exists()
    assert tab.tree.selection() == (str(other.id),)
    assert tab.selected_grid().id == other.id


def test_a_finding_about_a_household_selects_its_people(root, window, message_log):
    main, tab, courtyard = window
    household = roster.save_household({"grid": courtyard, "address": "兴田村9组9号"}).record
    person = roster.save_resident({"household": household, "name": "要找的人"}).record
    main.context.data_changed()
    root.update()
    assert main.open_target(f"household:{household.id}")
    assert tab.people.selected().id == person.id
    assert main.open_target(f"resident:{person.id}")
    assert not main.open_target("grid:99999") and not main.open_target("nonsense")
