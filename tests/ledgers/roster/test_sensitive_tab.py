"""The 网格花名册 tab by role, in the session's one real window: the 群体 cell, the resident form a
double-click opens (what its category boxes show, and the audit row of opening it), the write
buttons a 查看员 finds greyed out, its Ctrl+N and Delete refused with a word, and the 敏感 boxes
of 设置 → 困难群体 / 特殊群体类别…"""
import pytest
import ttkbootstrap as ttk

from dongan_desk.ledgers.roster.category_forms import CategoriesDialog
from dongan_desk.ledgers.roster.forms import ResidentDialog
from dongan_desk.ledgers.roster.queries import categories_of
from dongan_desk.ledgers.roster.sensitive import MASK
from dongan_desk.ledgers.roster.tab import RosterTab
from dongan_desk.store import session
from dongan_desk.store.models import AuditEntry, Category
from dongan_desk.ui import permissions
from dongan_desk.ui.app import MainWindow

from pairing_fixtures import build_village
from role_sessions import ADMIN, CLERK, SEEING, VIEWER, role_id
from ui_driver import double_click, find_widgets, run_with_dialogs

GROUPS_COLUMN = 9


@pytest.fixture
def town(village):
    town = build_village(village)  # 刘某: 社区矫正 (sensitive); 张大爷: 低保
    return town


def open_tab(root, tmp_path, town, who):
    session.begin(who)  # the window is built for the account that logged in
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    tab = find_widgets(main, RosterTab)[0]
    tab.select_grid(town.courtyard.id)
    root.update()
    return main, tab


def groups_cell(tab, person) -> str:
    return tab.people.tree.item(str(person.id), "values")[GROUPS_COLUMN]


def open_person(tab, person):
    double_click(tab.people.tree, str(person.id))


def read_form(seen: dict):
    """What the form shows: each check box's text and whether it is ticked, the 敏感类别 row."""
    def inspect(dialog):
        boxes = [w for w in find_widgets(dialog, ttk.Checkbutton)
                 if w is not dialog.fields["is_party_member"]]
        seen["boxes"] = {_text(box): bool(dialog.getboolean(dialog.getvar(str(box.cget("variable")))))
                         for box in boxes}
        seen["masked"] = (str(dialog.categories.masked.cget("text"))
                          if dialog.categories.masked is not None else None)
        seen["save"] = str(dialog.save_button.cget("state"))
        dialog.cancel()
    return inspect


@pytest.mark.parametrize("who", (ADMIN, CLERK, VIEWER), ids=role_id)
def test_the_list_and_the_form_as_each_role_sees_them(root, tmp_path, town, who, message_log):
    main, tab = open_tab(root, tmp_path, town, who)
    assert groups_cell(tab, town.poor) == "低保"
    seen: dict = {}
    run_with_dialogs(root, lambda: open_person(tab, town.watched), (ResidentDialog, read_form(seen)))
    views = list(AuditEntry.select().where(AuditEntry.action == "view"))
    if who in SEEING:
        assert groups_cell(tab, town.watched) == "社区矫正"
        assert seen["boxes"]["社区矫正"] is True and seen["boxes"]["低保"] is False
        assert seen["masked"] is None and seen["save"] != "disabled"
        assert [(v.account, v.record_name) for v in views] == [(who.account, "刘某")]
    else:
        assert groups_cell(tab, town.watched) == MASK
        # no box for any sensitive category: neither its name nor whether it is ticked
        special = {c.name for c in categories_of(town.unit.id, "special")}
        assert not special & set(seen["boxes"]) and "低保" in seen["boxes"]
        assert seen["masked"] == MASK and seen["save"] == "disabled"
        assert views == []


def test_a_viewers_form_shows_no_mask_for_someone_not_sensitive(root, tmp_path, town, message_log):
    main, tab = open_tab(root, tmp_path, town, VIEWER)
    seen: dict = {}
    run_with_dialogs(root, lambda: open_person(tab, town.poor), (ResidentDialog, read_form(seen)))
    assert seen["masked"] == "（无）" and seen["boxes"]["低保"] is True


def test_a_viewer_finds_every_write_button_greyed_out(root, tmp_path, town, message_log):
    main, tab = open_tab(root, tmp_path, town, VIEWER)
    marked = [w for w in find_widgets(tab, object) if permissions.needed_permission(w)]
    texts = {str(w.cget("text")) for w in marked}
    assert {"新增户", "编辑人员", "删除人员 (Delete)", "新增人员 (Ctrl+N)", "注销…", "恢复在册",
            "新增院落网格", "删除网格", "导入花名册…"} <= texts
    assert all(str(w.cget("state")) == "disabled" for w in marked)
    assert "只读" in tab.read_only_note.cget("text") and "查看员" in tab.read_only_note.cget("text")
    tab.select_grid(town.courtyard.id)  # selecting a grid again enables nothing
    assert all(str(w.cget("state")) == "disabled" for w in marked)
    tab.on_new()
    tab.people.tree.selection_set(str(town.plain.id))
    tab.people.tree.focus_force()
    tab.people.tree.update()
    tab.people.tree.event_generate("<KeyPress-Delete>")
    assert len(message_log.infos) == 2 and all("只能查看" in m for m in message_log.infos)
    assert message_log.questions == []  # never asked to confirm a delete it cannot do
    prints = [w for w in find_widgets(tab, ttk.Button) if _text(w) == "打印…"]
    assert prints and str(prints[0].cget("state")) != "disabled"  # a 查看员 may print


def test_a_clerk_keeps_the_write_buttons(root, tmp_path, town, message_log):
    main, tab = open_tab(root, tmp_path, town, CLERK)
    marked = [w for w in find_widgets(tab, object) if permissions.needed_permission(w)]
    assert marked and all(str(w.cget("state")) != "disabled" for w in marked)
    assert tab.read_only_note.cget("text") == ""


@pytest.mark.parametrize("who", (CLERK, VIEWER), ids=role_id)
def test_only_the_admin_may_tick_a_category_sensitive(root, village, who, message_log):
    session.begin(who)
    dialog = CategoriesDialog(root, context=None)
    root.update()
    boxes = [w for w in find_widgets(dialog, ttk.Checkbutton) if _text(w) == "敏感"]
    assert boxes and all(str(b.cget("state")) == "disabled" for b in boxes)
    assert "只有管理员可以修改设置" in " ".join(_text(w) for w in find_widgets(dialog, object))
    dialog.destroy()


def test_the_admin_ticks_a_category_sensitive_and_it_is_saved(root, village, message_log):
    class Context:
        changed = 0

        def data_changed(self):
            Context.changed += 1

    session.begin(ADMIN)
    dialog = CategoriesDialog(root, Context())
    root.update()
    poor = next(c for c in categories_of(village.id, "hardship") if c.name == "低保")
    assert dialog.sensitive_vars[poor.id].get() is False
    dialog.sensitive_vars[poor.id].set(True)
    dialog.mark(poor)
    assert Category.get_by_id(poor.id).sensitive is True and Context.changed == 1
    changes = [e for e in AuditEntry.select().where(AuditEntry.action == "update")
               if e.record_name == "低保"]
    assert [e.account for e in changes] == [ADMIN.account]
    dialog.destroy()


def _text(widget) -> str:
    try:
        return str(widget.cget("text"))
    except Exception:  # noqa: BLE001 - a widget without a text
        return ""
