"""First start: the setup view, driven through its widgets."""
from dongan_desk import units
from dongan_desk.store.models import Grid, Resident, Unit
from dongan_desk.ui.app import MainWindow, show_main_or_setup
from dongan_desk.ui.first_admin import FirstAdminView
from dongan_desk.ui.setup_view import SetupView

from dongan_desk.ui.widgets import BusyWindow
from ui_driver import find_widgets, type_into, wait_until


def make_admin(root):
    """The step after the unit: 建立管理员账号, then in (the accounts tests drive it whole)."""
    [view] = find_widgets(root, FirstAdminView)
    type_into(view.name, "张文书")
    type_into(view.password, "Xingtian#2026")
    type_into(view.repeat, "Xingtian#2026")
    view.submit()
    view.code_box.kept.set(True)
    view.code_box._kept_changed()
    view.code_box.continue_button.invoke()
    root.update()


def fill(view, name, short, code):
    type_into(view.name, name)
    type_into(view.short, short)
    type_into(view.code, code)


def beside(view, field):
    """The red line beside a field (it takes the place of the field's hint)."""
    label, _hint = view.hints[field]
    return label.cget("text")


def test_village_setup_with_a_missing_code_is_refused_then_accepted(root, database, tmp_path):
    view = show_main_or_setup(root, tmp_path)
    assert isinstance(view, SetupView)
    fill(view, "兴田村", "兴田", "")
    view.submit()
    assert "代码不能为空" in beside(view, "code")
    assert not units.is_set_up()
    fill(view, "兴田村", "兴田", "500229115201")
    view.submit()
    root.update()
    assert units.home_unit().name == "兴田村"
    assert Grid.get(Grid.level == 2).name == "兴田村村级网格"
    assert not find_widgets(root, MainWindow)  # an account first
    make_admin(root)
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
    assert "第2行" in beside(view, "villages")
    assert Unit.select().count() == 0


def test_sample_village_loads_marked_sample_data(root, database, tmp_path):
    view = show_main_or_setup(root, tmp_path)
    view.kind.set("sample")
    view._show_fields()
    view.submit()
    assert find_widgets(root, BusyWindow)  # a moving bar while it builds
    wait_until(root, lambda: find_widgets(root, FirstAdminView))
    make_admin(root)
    assert find_widgets(root, MainWindow)
    assert "示例" in units.home_unit().name
    assert Resident.select().count() > 800


def test_a_malformed_unit_code_is_said_beside_the_field(root, database, tmp_path):
    view = show_main_or_setup(root, tmp_path)
    fill(view, "兴田村", "兴田", "５００２abc")
    view.submit()
    assert "12位数字" in beside(view, "code") and "500229115201" in beside(view, "code")
    assert not units.is_set_up()


def test_a_malformed_access_code_refuses_the_whole_setup(root, database, tmp_path):
    view = show_main_or_setup(root, tmp_path)
    fill(view, "兴田村", "兴田", "500229115201")
    type_into(view.access_code, "K7QM-3XWA")
    view.submit()
    assert "16位" in beside(view, "access_code")
    assert Unit.select().count() == 0 and not find_widgets(root, MainWindow)
    type_into(view.access_code, "k7qm 3xwa 9tpr ce4h")
    view.submit()
    root.update()
    from dongan_desk.exchange.access import access_code_of
    assert access_code_of(units.home_unit()) == "K7QM-3XWA-9TPR-CE4H"


def test_a_village_may_leave_the_access_code_for_later(root, database, tmp_path):
    from dongan_desk.exchange.access import access_code_of
    view = show_main_or_setup(root, tmp_path)
    fill(view, "兴田村", "兴田", "500229115201")
    view.submit()
    root.update()
    assert units.is_set_up() and access_code_of(units.home_unit()) is None


def test_the_township_is_shown_the_villages_access_codes_once_set_up(root, database, tmp_path,
                                                                     monkeypatch):
    from dongan_desk.exchange.access import access_code_of
    from dongan_desk.ui import files
    from dongan_desk.ui.access_codes_view import AccessCodesDialog

    view = show_main_or_setup(root, tmp_path)
    view.kind.set("town")
    view._show_fields()
    assert not view.access_code.winfo_ismapped()  # the township issues the codes, types none
    fill(view, "东安镇", "东安", "500229115000")
    type_into(view.villages, "兴田村,兴田,500229115201\n德安村,德安,abc\n")
    view.submit()
    assert "德安村" in beside(view, "villages") and "12位数字" in beside(view, "villages")
    assert beside(view, "code").startswith("12位统计用区划代码")  # the town's own code was right
    assert Unit.select().count() == 0
    type_into(view.villages, "兴田村,兴田,500229115201\n德安村,德安,500229115202\n")
    view.submit()
    root.update()
    (dialog,) = find_widgets(root, AccessCodesDialog)
    shown = {dialog.tree.set(i, "name"): dialog.tree.set(i, "access") for i in dialog.tree.get_children()}
    assert shown == {v.name: access_code_of(v) for v in units.villages()}
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    printed = dialog.print()
    assert opened == [printed] and printed.parent == tmp_path / "exports"
    from pypdf import PdfReader
    text = "".join(page.extract_text() for page in PdfReader(printed).pages)
    assert all(access_code_of(v) in text for v in units.villages())
