"""First start: the setup view, driven through its widgets."""
from dongan_desk import units
from dongan_desk.store.models import Grid, Resident, Unit
from dongan_desk.ui.app import MainWindow, show_main_or_setup
from dongan_desk.ui.setup_view import SetupView

from dongan_desk.ui.widgets import BusyWindow
from ui_driver import find_widgets, type_into, wait_until


def fill(view, name, short, code):
    type_into(view.name, name)
    type_into(view.short, short)
    type_into(view.code, code)


def test_village_setup_with_a_missing_code_is_refused_then_accepted(root, database, tmp_path):
    view = show_main_or_setup(root, tmp_path)
    assert isinstance(view, SetupView)
    fill(view, "兴田村", "兴田", "")
    view.submit()
    assert "代码不能为空" in view.error.cget("text")
    assert not units.is_set_up()
    fill(view, "兴田村", "兴田", "500229115201")
    view.submit()
    root.update()
    assert units.home_unit().name == "兴田村"
    assert Grid.get(Grid.level == 2).name == "兴田村村级网格"
    assert find_widgets(root, MainWindow)


def test_township_setup_reads_the_village_lines(root, database, tmp_path):
    view = show_main_or_setup(root, tmp_path)
    view.kind.set("town")
    view._show_fields()
    fill(view, "东安镇", "东安", "500229115000")
    type_into(view.villages, "兴田村,兴田,500229115201\n德安村，德安，500229115202\n")
    view.submit()
    root.update()
    assert units.is_township()
    assert [u.name for u in units.villages()] == ["兴田村", "德安村"]


def test_a_bad_village_line_says_which_line(root, database, tmp_path):
    view = show_main_or_setup(root, tmp_path)
    view.kind.set("town")
    view._show_fields()
    fill(view, "东安镇", "东安", "500229115000")
    type_into(view.villages, "兴田村,兴田,500229115201\n德安村 德安\n")
    view.submit()
    assert "第2行" in view.error.cget("text")
    assert Unit.select().count() == 0


def test_sample_village_loads_marked_sample_data(root, database, tmp_path):
    view = show_main_or_setup(root, tmp_path)
    view.kind.set("sample")
    view._show_fields()
    view.submit()
    assert find_widgets(root, BusyWindow)  # a moving bar while it builds
    wait_until(root, lambda: find_widgets(root, MainWindow))
    assert "示例" in units.home_unit().name
    assert Resident.select().count() > 800
