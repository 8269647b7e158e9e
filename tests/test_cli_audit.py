"""``main.py audit list|export|verify`` and ``check`` on the trail (issue 13): the 管理员 reads
and exports it; a row edited or removed by a tool outside the program is reported."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from dongan_desk.ledgers.roster import rules
from dongan_desk.store import accounts
from dongan_desk.store.database import close_database
from dongan_desk.store.models import Grid, Resident, Unit
from dongan_desk.store.opening import open_database

from cli_helpers import ADMIN, CLERK, CLERK_PASSWORD, PASSWORD, sql


@pytest.fixture
def renamed(office):
    """张三 entered by the 录入员, then renamed 张叁 through the roster's rules."""
    open_database(office.data / "dongan.db")
    try:
        accounts.login(CLERK, CLERK_PASSWORD)
        village = Unit.get(Unit.is_home == True)  # noqa: E712
        grid = rules.save_grid({"name": "上院子", "parent": Grid.get(Grid.unit == village,
                                                                    Grid.level == 2)}).record
        household = rules.save_household({"grid": grid, "address": "兴田村1组3号"}).record
        data = {"household": household, "name": "张三", "relation": "户主", "gender": "男",
                "birth_date": dt.date(1970, 5, 1)}
        person = rules.save_resident(data).record
        rules.save_resident({**data, "name": "张叁"}, Resident.get_by_id(person.id))
        accounts.logout()
    finally:
        close_database()
    return office


def outside_the_program(data, statement: str) -> None:
    """What a tool like DB Browser could do: drop the triggers, then write."""
    sql(data, 'DROP TRIGGER "audit_entry_no_update"')
    sql(data, 'DROP TRIGGER "audit_entry_no_delete"')
    sql(data, statement)


def test_list_filters_by_action_account_text_and_day(renamed):
    changed = renamed("audit", "list", "--action", "修改", "--account", CLERK)
    assert changed.code == 0, changed.err
    [line] = [l for l in changed.out.splitlines() if "张叁" in l]
    assert f"{CLERK}  修改  人员“张叁”  姓名：张三 → 张叁" in line
    assert changed.out.rstrip().endswith("共 1 条。")
    assert "共 0 条" in renamed("audit", "list", "--text", "张叁", "--until", "2020-01-01").out
    few = renamed("audit", "list", "--limit", "2")
    assert few.out.count("\n") == 3 and "--limit 可列出更多" in few.out
    with pytest.raises(SystemExit):
        renamed("audit", "list", "--since", "去年")


def test_export_reads_back_with_the_change_and_the_chain_and_is_itself_recorded(renamed, tmp_path):
    target = tmp_path / "审计记录.xlsx"
    done = renamed("audit", "export", str(target), "--account", CLERK)
    assert done.code == 0 and str(target) in done.out, done.err
    ws = load_workbook(target)["审计记录"]
    assert ws["A1"].value == "东安台账 审计记录（兴田村）"
    assert f"导出人：{ADMIN}（管理员）" in ws["A2"].value
    headers = [c.value for c in ws[3]]
    assert headers == ["序号", "时间", "账号", "操作", "记录类型", "记录", "记录标识", "改动", "说明",
                       "链式校验值"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=ws.max_row - 1)]
    [change] = [row for row in rows if row[3] == "修改"]
    assert change[2] == CLERK and change[5] == "张叁" and change[7] == "姓名：张三 → 张叁"
    assert isinstance(change[1], dt.datetime) and len(change[9]) == 64
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)  # the trail's own numbers
    assert all(row[2] == CLERK for row in rows)
    assert ws.cell(ws.max_row, 1).value.startswith("链式校验：本机全部") and "没有发现改动" in \
        ws.cell(ws.max_row, 1).value
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    exported = renamed("audit", "list", "--action", "导出")
    assert f"{ADMIN}  导出  审计记录“{len(rows)} 条审计记录”  导出到 {target}" in exported.out


def test_only_the_admin_reads_or_exports_the_trail(renamed, tmp_path):
    target = tmp_path / "a.xlsx"
    for command in (("list",), ("export", str(target)), ("verify",)):
        refused = renamed("audit", *command, account=CLERK, password=CLERK_PASSWORD)
        assert refused.code == 2 and "只有管理员可以查看审计记录" in refused.err
    assert not target.exists()
    wrong = renamed("audit", "export", str(tmp_path / "a.txt"))
    assert wrong.code == 2 and ".xlsx" in wrong.err


@pytest.mark.parametrize("statement, said", [
    ("UPDATE audit_entry SET changes = '' WHERE id = {row}", "第 {row} 条审计记录与原来的不一致（被改动过）"),
    ("DELETE FROM audit_entry WHERE id = {row}", "第 {row} 至 {row} 条审计记录不见了"),
], ids=["edited", "deleted"])
def test_a_row_edited_or_deleted_outside_the_program_is_reported(renamed, tmp_path, statement, said):
    assert renamed("audit", "verify").code == 0
    [(row,)] = sql(renamed.data, "SELECT id FROM audit_entry WHERE action = 'update'")
    outside_the_program(renamed.data, statement.format(row=row))
    said = said.format(row=row)
    verify = renamed("audit", "verify")
    assert verify.code == 1 and said in verify.err
    check = renamed("check")
    assert check.code == 1 and f"审计记录被改动：{said}" in check.out
    target = tmp_path / "a.xlsx"
    assert renamed("audit", "export", str(target)).code == 0
    last = load_workbook(target).active
    assert "发现问题" in last.cell(last.max_row, 1).value and said in last.cell(last.max_row, 1).value


def test_export_audit_needs_the_audit_permission_and_writes_nothing_without_it(village, tmp_path):
    from dongan_desk.errors import ValidationError
    from dongan_desk.exchange.audit_export import export_audit
    from dongan_desk.store import audit, session
    accounts.create_first_admin(ADMIN, PASSWORD)
    with session.acting_as(session.Session(CLERK, "clerk", 2)):
        with pytest.raises(ValidationError, match="只有管理员"):
            export_audit(tmp_path / "a.xlsx", [])
    assert not (tmp_path / "a.xlsx").exists()
    path = export_audit(tmp_path / "空.xlsx", [])
    ws = load_workbook(path).active
    assert "没有符合条件的记录" in ws["A2"].value and ws.max_row == 4  # title, heading, header, chain
    assert audit.search(action="export")[1] == 1
