"""The 村规民约 tab in the session's one real window: the versions and path shown, a delivery
recorded from the missing list, the progress line, and the township read-only."""
import pytest

from dongan_desk.ledgers.covenant.models import CovenantDelivery
from dongan_desk.ledgers.covenant.forms import DeliveryDialog
from dongan_desk.ledgers.covenant.tab import CovenantTab
from dongan_desk.ui.app import MainWindow

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
