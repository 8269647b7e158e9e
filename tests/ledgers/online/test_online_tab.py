"""The 网络舆情 tab driven through its widgets, in the session's one real window."""
from datetime import timedelta

import pytest

from dongan_desk.ledgers.online.forms import AdminDialog, GroupDialog, HandlingDialog, IncidentDialog
from dongan_desk.ledgers.online.models import ChatGroup, GroupAdmin, OpinionIncident
from dongan_desk.ledgers.online.tab import OnlineTab
from dongan_desk.ui.app import MainWindow

from online_fixtures import NOW, small  # noqa: F401
from ui_driver import run_with_dialogs, type_into


@pytest.fixture
def tab(root, small, tmp_path):
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    tab = main.show_tab(OnlineTab)
    root.update()
    return tab


def pick_admin(name):
    def fill(dialog):
        type_into(dialog.finder.box, name)
        dialog.finder.search()
        dialog.save()
    return fill


def test_admins_groups_and_an_incident_from_the_tab(root, tab, small, message_log):
    area = tab.groups_area
    assert run_with_dialogs(root, area.add_admin, (AdminDialog, pick_admin("李国强"))) == []
    assert run_with_dialogs(root, area.add_admin, (AdminDialog, pick_admin("李小梅"))) == []
    refused = run_with_dialogs(root, area.add_admin, (AdminDialog, pick_admin("李大山")))
    assert "已经2名" in refused[0] and GroupAdmin.select().count() == 2
    assert [area.admins.item(i, "values")[0] for i in area.admins.get_children()] == ["李国强", "李小梅"]

    def group(dialog):
        type_into(dialog.fields["name"], "兴田老年群")
        type_into(dialog.fields["members"], "-3")
        dialog.save()
        assert "不能是负数" in dialog.error_label.cget("text")
        type_into(dialog.fields["members"], "86")
        for var in dialog.admin_vars.values():
            var.set(True)
        dialog.save()
    assert run_with_dialogs(root, area.add_group, (GroupDialog, group)) == []
    assert ChatGroup.get(ChatGroup.name == "兴田老年群").members == 86

    incidents = tab.incidents_area

    def log(dialog):
        type_into(dialog.fields["found_at"], f"{NOW - timedelta(hours=1):%Y-%m-%d %H:%M}")
        dialog.fields["group"].current(1)
        labels = dialog.fields["finder"].cget("values")
        dialog.fields["finder"].current([n for n, l in enumerate(labels) if l.startswith("李国强")][0])
        type_into(dialog.fields["subject"], "群内转发谣言")
        dialog.fields["level"].current(2)  # 重大, no report: refused
        dialog.save()
        assert "重大舆情须在发现后2小时内上报镇里" in dialog.error_label.cget("text")
        type_into(dialog.fields["reported_to"], "镇平安建设办")
        type_into(dialog.fields["reported_at"], f"{NOW:%Y-%m-%d %H:%M}")
        dialog.save()
    assert run_with_dialogs(root, incidents.add, (IncidentDialog, log)) == []
    record = OpinionIncident.get()
    assert (record.finder_role, record.level, record.reported_to) == ("admin", "grave", "镇平安建设办")
    rows = [incidents.table.tree.item(i, "values") for i in incidents.table.tree.get_children()]
    assert rows[0][2:4] == ("重大", "群内转发谣言") and rows[0][7] == "已上报"

    incidents.table.select(record.id)

    def settle(dialog):
        type_into(dialog.fields["result"], "已删帖澄清")
        type_into(dialog.fields["closed_on"].entry, f"{NOW:%Y-%m-%d}")
        dialog.save()
    assert run_with_dialogs(root, incidents.handle, (HandlingDialog, settle)) == []
    assert OpinionIncident.get().closed_on == NOW.date()


def test_the_write_buttons_are_one_list_and_enabled_on_the_village(tab):
    assert len(tab.write_buttons) == 12
    assert all(str(b.cget("state")) == "normal" for b in tab.write_buttons)
