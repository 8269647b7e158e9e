"""A 查看员 in every tab (ui/permissions.py): each write button greyed out, a double-click on a
row opening its form to read (保存 greyed out) with no Tk callback error, Ctrl+N told why; a
录入员 keeps them; the township's import and village-list buttons follow EXPORT and SETTINGS."""
from datetime import date, timedelta

import pytest
import ttkbootstrap as ttk

from dongan_desk.ledgers.council import ceremony
from dongan_desk.ledgers.council.ceremony_forms import FilingDialog
from dongan_desk.ledgers.council.tab import CouncilTab
from dongan_desk.ledgers.mediation.step_forms import StepDialog
from dongan_desk.ledgers.mediation.tab import MediationTab
from dongan_desk.ledgers.pairing import rules as pairing
from dongan_desk.ledgers.pairing.forms import PairingDialog
from dongan_desk.ledgers.pairing.tab import PairingTab
from dongan_desk.store import session
from dongan_desk.ui import permissions
from dongan_desk.ui.app import MainWindow
from dongan_desk.ui.tab_township import TownshipTab

from pairing_fixtures import TODAY, build_village, pairing_data
from role_sessions import CLERK, VIEWER, role_id
from tests.mediation_cases import three_party_case
from ui_driver import double_click, find_widgets, run_with_dialogs


def window_as(root, tmp_path, who, tab_class):
    session.begin(who)
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    tab = main.show_tab(tab_class)
    root.update()
    return main, tab


def write_controls(tab) -> dict[str, list]:
    found: dict[str, list] = {}
    for widget in find_widgets(tab, object):
        if permissions.needed_permission(widget):
            found.setdefault(str(widget.cget("text")), []).append(widget)
    return found


def states(controls: dict[str, list]) -> set[str]:
    return {str(w.cget("state")) for widgets in controls.values() for w in widgets}


def read_only(seen: list):
    def inspect(dialog):
        seen.append(str(dialog.save_button.cget("state")))
        dialog.cancel()
    return inspect


@pytest.fixture
def paired(village):
    town = build_village(village)
    pairing.save_pairing(pairing_data(town.member_a, town.watched), today=TODAY)
    return town


@pytest.mark.parametrize("who", (CLERK, VIEWER), ids=role_id)
def test_the_pairing_tab(root, tmp_path, paired, who, message_log):
    main, tab = window_as(root, tmp_path, who, PairingTab)
    controls = write_controls(tab)
    assert {"新增结对 (Ctrl+N)", "编辑结对", "结束结对", "删除结对", "新增走访", "删除走访",
            "登记为矛盾纠纷", "为此户结对", "为此党员结对"} <= set(controls)
    assert states(controls) == ({"disabled"} if who is VIEWER else {"normal"})
    seen: list = []
    iid = tab.pairings.tree.get_children()[0]
    run_with_dialogs(root, lambda: double_click(tab.pairings.tree, iid), (PairingDialog, read_only(seen)))
    assert seen == (["disabled"] if who is VIEWER else ["normal"])
    if who is VIEWER:  # Ctrl+N: told why, no form
        tab.on_new()
        assert len(message_log.infos) == 1 and "只能查看" in message_log.infos[0]


def test_the_mediation_tab(root, tmp_path, village, message_log):
    dispute = three_party_case(village)
    main, tab = window_as(root, tmp_path, VIEWER, MediationTab)
    tab.open_case(dispute.id)
    root.update()
    controls = write_controls(tab)
    assert {"受理新纠纷 (Ctrl+N)", "纠纷类型…", "编辑案件", "记录调解", "调解协议…", "登记回访",
            "删除回访"} <= set(controls)
    assert states(controls) == {"disabled"}
    assert str(tab.case_view.print_button.cget("state")) != "disabled"  # it may print
    seen: list = []
    step = tab.case_view.steps.get_children()[0]
    run_with_dialogs(root, lambda: double_click(tab.case_view.steps, step), (StepDialog, read_only(seen)))
    assert seen == ["disabled"]
    tab.on_new()
    assert message_log.infos and "只能查看" in message_log.infos[-1]


def test_the_council_tab(root, tmp_path, paired, message_log):
    ceremony.save_filing(paired.unit, {
        "kind": "wedding", "household": paired.poor_home, "subject": "张大爷之孙结婚",
        "start_on": date.today() + timedelta(days=9), "end_on": date.today() + timedelta(days=9),
        "tables": "10", "guests": "80"})
    main, tab = window_as(root, tmp_path, VIEWER, CouncilTab)
    controls = write_controls(tab)
    assert {"新增报备 (Ctrl+N)", "现场监督", "新增支客士", "登记培训", "新增成员 (Ctrl+N)",
            "编辑基本情况", "保存本村限额"} <= set(controls)
    assert states(controls) == {"disabled"}
    assert str(tab.limits_area.warn_entry.cget("state")) == "disabled"
    assert "只读" in tab.read_only_note.cget("text")
    seen: list = []
    table = tab.filings_area.table.tree
    run_with_dialogs(root, lambda: double_click(table, table.get_children()[0]),
                     (FilingDialog, read_only(seen)))
    assert seen == ["disabled"]
    tab.on_new()
    assert message_log.infos and "只能查看" in message_log.infos[-1]


@pytest.mark.parametrize("who", (CLERK, VIEWER), ids=role_id)
def test_the_township_tab(root, tmp_path, township, who, message_log):
    main, tab = window_as(root, tmp_path, who, TownshipTab)
    controls = write_controls(tab)
    imports = controls["导入报送包（选文件）…"] + controls["导入整个文件夹（U盘）…"]
    listing = controls["添加村（社区）…"] + controls["显示接入码"] + controls["打印接入码单"]
    assert {str(w.cget("state")) for w in imports} == {"disabled" if who is VIEWER else "normal"}
    assert {str(w.cget("state")) for w in listing} == {"disabled"}  # SETTINGS: the 管理员's
    summary = [w for w in find_widgets(tab, ttk.Button) if str(w.cget("text")) == "生成全镇汇总表…"]
    assert str(summary[0].cget("state")) == "normal"
