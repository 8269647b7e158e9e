"""The 村规民约 tab in the session's one real window: the versions and path shown, a delivery
recorded from the missing list, the progress line, and the township read-only."""
import pytest

from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.package import export_package
from dongan_desk.exchange.reader import read_package
from dongan_desk.ledgers.covenant.delivery import progress_by_grid
from dongan_desk.ledgers.covenant.models import CovenantDelivery, VillageCovenant
from dongan_desk.ledgers.covenant.forms import DeliveryDialog
from dongan_desk.ledgers.covenant.tab import READ_ONLY_NOTE, CovenantTab
from dongan_desk.ledgers.covenant.versions import current_version
from dongan_desk.store.models import Unit
from dongan_desk.ui.app import MainWindow
from dongan_desk.units import home_unit

from tests.exchange.conftest import stick, township_pc, village_pc  # noqa: F401 - fixtures
from ui_driver import run_with_dialogs, type_into


@pytest.fixture
def tab(root, adopted, tmp_path):
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    tab = main.show_tab(CovenantTab)
    root.update()
    return tab


def test_the_path_and_a_delivery_from_the_missing_list(root, tab, message_log):
    area = tab.versions_area
    assert area.steps.item("vote", "values")[0] == "村民代表大会审定"
    assert "制定程序已全部完成" in area.path_label.cget("text")
    assert all(str(b.cget("state")) == "normal" for b in tab.write_buttons)
    tab.notebook.select(tab.delivery_area)
    delivery = tab.delivery_area
    assert delivery.total_label.cget("text") == "第1版：已发放 0 / 在册户 6"
    first = delivery.missing.tree.get_children()[0]
    delivery.missing.tree.selection_set(first)

    def fill(dialog):
        type_into(dialog.fields["deliverer"], "王网格员")
        dialog.save()
    assert run_with_dialogs(root, delivery.add_delivery, (DeliveryDialog, fill)) == []
    root.update()
    assert CovenantDelivery.select().count() == 1
    assert delivery.total_label.cget("text") == "第1版：已发放 1 / 在册户 6"
    assert not root.callback_errors


def test_the_township_sees_an_imported_villages_covenant_and_progress_read_only(
        root, village_pc, township_pc, stick, tmp_path, message_log):
    """A township PC with a village's 报送包 imported: its versions, text and path, and its
    progress per courtyard grid as the village has it; nothing there can be written."""
    with village_pc.open():
        package = export_package(home_unit(), stick).path
        code, name = home_unit().code, home_unit().name
        covenant = current_version(home_unit())
        title, version = covenant.title, covenant.version
        grids = [(p.grid_name, p.households, p.delivered, p.missing) for p in progress_by_grid(home_unit(), covenant)]
        versions = VillageCovenant.select().count()
    households, delivered = sum(g[1] for g in grids), sum(g[2] for g in grids)
    assert 0 < delivered < households
    with township_pc.open():
        apply(preview(read_package(package)))
        village = Unit.get(Unit.code == code)
        stored = CovenantDelivery.select().count()
        main = MainWindow(root, tmp_path)
        main.pack(fill="both", expand=True)
        try:
            tab = main.show_tab(CovenantTab)
            root.update()
            tab.chooser.box.current(tab.chooser.box["values"].index(name))
            tab.chooser.box.event_generate("<<ComboboxSelected>>")
            root.update()
            assert tab.unit.id == village.id
            assert tab.heading.cget("text") == f"{name}村规民约"
            assert tab.read_only_note.cget("text") == READ_ONLY_NOTE
            area = tab.versions_area
            assert len(area.versions.get_children()) == versions
            shown = area.selected()
            assert shown.version == version and shown.is_current
            assert area.text.get("1.0", "1.end") == title
            assert area.steps.item("posting", "values")[2].startswith("张贴于")
            tab.notebook.select(tab.delivery_area)
            root.update()
            delivery = tab.delivery_area
            assert delivery.total_label.cget("text") == f"第{version}版：已发放 {delivered} / 在册户 {households}"
            assert [tuple(delivery.grids.set(i, k) for k in ("grid", "households", "delivered", "missing"))
                    for i in delivery.grids.get_children()] == [tuple(map(str, g)) for g in grids]
            assert delivery.missing.total == households - delivered
            assert "天内应发放到每一户" in delivery.note.cget("text")
            assert "登记发放" not in delivery.note.cget("text")  # no how-to for what cannot be done here
            # every button that writes is greyed: 新建版本, 编辑条文, 删除草案, the three of the
            # path, 登记发放 and 删除发放记录; a write reached another way (Ctrl+N) is told why
            assert len(tab.write_buttons) == 8
            assert all(str(b.cget("state")) == "disabled" for b in tab.write_buttons)
            tab.on_new()
            assert message_log.infos and "只能查看" in message_log.infos[-1]
            assert CovenantDelivery.select().count() == stored  # nothing written
        finally:
            main.destroy()
            if getattr(main, "menubar", None) is not None:
                main.menubar.destroy()
            root.configure(menu="")
            root.update()
    assert not root.callback_errors
