"""The 村名单 on the township's 镇级汇总 tab: 接入码 masked until shown, a village added, changed,
its code reissued, and the 接入码通知单 printed, in the real window."""
import re

import pytest
from pypdf import PdfReader

from dongan_desk.units import villages
from dongan_desk.exchange.access import access_code_of
from dongan_desk.store.models import Unit
from dongan_desk.ui import files
from dongan_desk.ui.access_codes_view import AccessCodesDialog
from dongan_desk.ui.app import MainWindow
from dongan_desk.ui.tab_township import TownshipTab
from dongan_desk.ui.unit_dialog import ACCESS_CODE_FIELD, UnitDialog

from ui_driver import find_widgets, type_into


@pytest.fixture
def tab(root, township, tmp_path):
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    return main.show_tab(TownshipTab)


def row_of(tab, unit) -> dict:
    return {key: tab.tree.set(str(unit.id), key) for key in tab.tree["columns"]}


def open_dialogs(root, cls) -> list:
    return [d for d in find_widgets(root, cls) if d.winfo_exists()]


def select(root, tab, unit) -> None:
    tab.tree.selection_set(str(unit.id))
    root.update()


def test_access_codes_are_masked_until_shown(root, tab):
    first = villages()[0]
    code = access_code_of(first)
    row = row_of(tab, first)
    assert (row["name"], row["short"], row["code"]) == ("兴田村", "兴田", "500229115001")
    assert row["access"] == f"{code[:4]}-****-****-{code[-4:]}"
    tab.toggle_codes()
    assert row_of(tab, first)["access"] == code
    assert tab.show_button.cget("text") == "隐藏接入码"
    tab.toggle_codes()
    assert "****" in row_of(tab, first)["access"]


def test_the_township_adds_a_village_checking_its_code(root, tab, message_log):
    dialog = tab.add_village()
    type_into(dialog.fields["name"], "花园村")
    type_into(dialog.fields["short_name"], "花园")
    type_into(dialog.fields["code"], "5002291150")  # ten digits
    dialog.save()
    assert dialog.winfo_exists()
    assert "12位数字" in dialog.problem_labels["code"].cget("text")
    assert not Unit.select().where(Unit.name == "花园村").exists()
    type_into(dialog.fields["code"], "500229116003")  # another township's first nine digits
    message_log.answer = False
    dialog.save()
    assert "前9位" in message_log.questions[-1] and dialog.winfo_exists()
    assert not Unit.select().where(Unit.name == "花园村").exists()
    message_log.answer = True
    dialog.save()
    root.update()
    assert not dialog.winfo_exists()
    added = Unit.get(Unit.name == "花园村")
    assert added.code == "500229116003" and access_code_of(added)
    assert row_of(tab, added)["name"] == "花园村"
    (shown,) = open_dialogs(root, AccessCodesDialog)
    assert shown.tree.set(str(added.id), "access") == access_code_of(added)  # shown whole, once


def test_a_village_code_changed_on_the_list_says_what_it_means_first(root, tab, message_log):
    village = villages()[1]
    select(root, tab, village)
    dialog = tab.edit_village()
    assert isinstance(dialog, UnitDialog) and ACCESS_CODE_FIELD not in dialog.fields
    type_into(dialog.fields["code"], "500229115012")
    dialog.save()
    assert "由 500229115002 改为 500229115012" in message_log.questions[-1]
    assert "本单位信息" in message_log.questions[-1]
    root.update()
    assert Unit.get_by_id(village.id).code == "500229115012"
    assert row_of(tab, village)["code"] == "500229115012"


def test_reissuing_a_code_asks_first_then_shows_the_new_one(root, tab, message_log):
    village = villages()[0]
    old = access_code_of(village)
    select(root, tab, village)
    message_log.answer = False
    assert tab.reissue_code() is None and access_code_of(village) == old
    assert "作废" in message_log.questions[-1]
    message_log.answer = True
    new = tab.reissue_code()
    root.update()
    assert new and new != old and access_code_of(village) == new
    (shown,) = open_dialogs(root, AccessCodesDialog)
    assert shown.tree.set(str(village.id), "access") == new
    assert row_of(tab, village)["access"].endswith(new[-4:])


def test_nothing_selected_nothing_to_change(root, tab):
    tab.tree.selection_remove(*tab.tree.selection())
    root.update()
    assert str(tab.reissue_button.cget("state")) == "disabled"
    assert tab.edit_village() is None and tab.reissue_code() is None


def test_the_slips_print_one_per_village_with_name_code_and_access_code(root, tab, monkeypatch,
                                                                        tmp_path):
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    printed = tab.print_codes()
    assert opened == [printed] and printed.parent == tmp_path / "exports"
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(printed).pages))
    for village in villages():
        assert village.name in text and village.code in text and access_code_of(village) in text
    assert text.count("接入码通知单") == len(villages())


def test_the_slips_shown_after_a_reissue_can_be_saved_where_the_clerk_picks(root, tab, monkeypatch,
                                                                            tmp_path, message_log):
    village = villages()[0]
    select(root, tab, village)
    tab.reissue_code()
    root.update()
    (shown,) = open_dialogs(root, AccessCodesDialog)
    target = tmp_path / "U盘" / "接入码.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(files, "ask_save_path", lambda *a, **kw: target)
    assert shown.save() == target
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(target).pages))
    assert village.name in text and access_code_of(village) in text
    assert villages()[1].name not in text  # only the village whose code is new
