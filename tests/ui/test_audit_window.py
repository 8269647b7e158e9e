"""设置 → 审计记录…: the rows newest first with their labels, the filters, the chain's check on
top (in red when a row was changed outside the program), and 导出Excel… of what is shown."""
import datetime as dt
import sys
import types

import pytest

from dongan_desk.store.audit import changes_text as audit_changes
from dongan_desk.store.database import db
from dongan_desk.store.models.accounts import AuditEntry
from dongan_desk.ui import audit_window, files
from dongan_desk.ui.app import MainWindow
from dongan_desk.ui.audit_window import AuditWindow

from account_helpers import make_admin, sign_in
from backup_helpers import add_resident
from ui_driver import find_widgets, type_into, wait_until


@pytest.fixture
def window(root, village, tmp_path):
    make_admin()
    sign_in(root, tmp_path, "张文书")
    add_resident("王小兰")
    add_resident("赵大山")
    [main] = find_widgets(root, MainWindow)
    return main


def open_audit(window) -> AuditWindow:
    settings = window.nametowidget(window.menubar.entrycget("设置", "menu"))
    settings.invoke("审计记录…")
    [shown] = find_widgets(window.root, AuditWindow)
    wait_until(window.root, lambda: "正在检查" not in shown.chain_label.cget("text"))
    return shown


def shown_rows(audit) -> list[tuple]:
    tree = audit.table.tree
    return [tree.item(iid, "values") for iid in tree.get_children()]


def column(audit, key) -> list[str]:
    index = list(audit.table.tree["columns"]).index(key)
    return [str(row[index]) for row in shown_rows(audit)]


def test_the_rows_newest_first_with_the_chain_checked(window):
    audit = open_audit(window)
    total = AuditEntry.select().count()
    assert audit.chain_label.cget("text") == f"审计记录完整，共 {total} 条"
    assert "success" in str(audit.chain_label.cget("style"))
    headings = [audit.table.tree.heading(key, "text") for key in audit.table.tree["columns"]]
    assert headings == ["序号", "时间", "账号", "操作", "记录类型", "记录", "改动", "说明"]
    ids = [int(i) for i in column(audit, "id")]
    assert ids == sorted(ids, reverse=True) and len(ids) == total
    assert "登录" in column(audit, "action") and "新增" in column(audit, "action")
    assert any("王小兰" in name for name in column(audit, "record_name"))
    created = AuditEntry.get(AuditEntry.action == "create", AuditEntry.record_name == "王小兰")
    shown = dict(zip(column(audit, "id"), column(audit, "changes")))[str(created.id)]
    assert shown.endswith("…") and audit_changes(created).startswith(shown[:-1])  # whole below
    assert "第 1/1 页" in audit.table.status.cget("text")


def test_filters_by_text_account_action_and_dates(window):
    audit = open_audit(window)
    type_into(audit.search_entry, "赵大山")
    audit.reload()
    assert column(audit, "record_name") and all("赵大山" in n for n in column(audit, "record_name"))
    audit.clear()
    audit.action_box.set("登录")
    audit.reload()
    assert set(column(audit, "action")) == {"登录"} and set(column(audit, "account")) == {"张文书"}
    audit.clear()
    audit.account_box.set("系统")
    audit.reload()
    assert set(column(audit, "account")) == {"系统"}  # the first 管理员 was made by the program
    audit.clear()
    yesterday = dt.date.today() - dt.timedelta(days=1)
    type_into(audit.until_entry.entry, yesterday.isoformat())
    audit.reload()
    assert shown_rows(audit) == [] and "共 0 条" in audit.table.status.cget("text")
    type_into(audit.until_entry.entry, "2026-13-40")
    audit.reload()
    assert "不是有效日期" in audit.filter_message.cget("text")
    type_into(audit.until_entry.entry, dt.date.today().isoformat())
    type_into(audit.since_entry.entry, dt.date.today().isoformat())
    audit.reload()
    assert len(shown_rows(audit)) == AuditEntry.select().count()
    assert audit.filter_message.cget("text") == ""


def test_ctrl_f_goes_to_the_search_box(window, root):
    audit = open_audit(window)
    audit.focus_force()
    audit.table.tree.event_generate("<Control-f>")
    root.update()
    assert audit.focus_get() == audit.search_entry


def test_a_row_changed_outside_the_program_is_shown_in_red(window):
    db.execute_sql('DROP TRIGGER "audit_entry_no_update"')
    db.execute_sql("UPDATE audit_entry SET account = '别人' WHERE id = 2")
    audit = open_audit(window)
    text = audit.chain_label.cget("text")
    assert "审计记录不完整" in text and "第 2 条审计记录与原来的不一致" in text
    assert "danger" in str(audit.chain_label.cget("style"))


def test_selecting_a_row_shows_all_of_its_changes(window):
    audit = open_audit(window)
    type_into(audit.search_entry, "王小兰")
    audit.reload()
    created = next(iid for iid in audit.table.tree.get_children()
                   if audit.table.tree.set(iid, "action") == "新增"
                   and audit.table.tree.set(iid, "record_type") == "人员")
    audit.table.tree.selection_set(created)
    audit.table.tree.event_generate("<<TreeviewSelect>>")
    audit.update()
    assert "姓名：（空） → 王小兰" in audit.detail.get("1.0", "end")


@pytest.fixture
def stand_in(monkeypatch):
    """``export_audit(target, entries) -> Path`` as the CLI's exchange.audit_export offers it."""
    calls = []

    def export_audit(target, entries):
        calls.append((target, list(entries)))
        target.write_bytes(b"xlsx")
        return target
    module = types.ModuleType(audit_window.EXPORT_MODULE)
    module.export_audit = export_audit
    monkeypatch.setitem(sys.modules, audit_window.EXPORT_MODULE, module)
    return calls


def test_export_hands_over_what_the_filters_show(window, tmp_path, monkeypatch, stand_in,
                                                 message_log):
    target = tmp_path / "审计记录.xlsx"
    asked = []
    monkeypatch.setattr(files, "ask_save_path", lambda parent, title, name, types_, **kw:
                        asked.append((name, kw)) or target)
    audit = open_audit(window)
    audit.action_box.set("新增")
    audit.reload()
    audit.export_button.invoke()
    wait_until(window.root, lambda: message_log.infos)
    [(made, entries)] = stand_in
    assert made == target and {e.action for e in entries} == {"create"}
    assert len(entries) == AuditEntry.select().where(AuditEntry.action == "create").count()
    assert asked[0][0].startswith("审计记录_兴田村_") and asked[0][1]["kind"] == "审计记录"
    assert str(target) in message_log.infos[0]
    assert str(target) in window.status.message_label.cget("text")


def test_export_writes_the_workbook(window, tmp_path, monkeypatch, message_log):
    pytest.importorskip(audit_window.EXPORT_MODULE)
    from openpyxl import load_workbook
    target = tmp_path / "审计记录.xlsx"
    monkeypatch.setattr(files, "ask_save_path", lambda *a, **kw: target)
    audit = open_audit(window)
    audit.export_button.invoke()
    wait_until(window.root, lambda: message_log.infos or message_log.errors)
    assert not message_log.errors
    cells = " ".join(str(c.value) for row in load_workbook(target).worksheets[0].iter_rows()
                     for c in row if c.value is not None)
    assert "王小兰" in cells and "张文书" in cells
