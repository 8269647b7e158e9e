"""导入花名册 in the real window (issue 12): 文件 → 导入花名册… opens the clerk's workbook, the
sheets and columns are shown and can be changed, the preview writes nothing, 导入 backs up and
adds the people, the roster tab shows them, and the refused row is in the 错误清单 beside the
workbook. The township is told why it does not import a roster."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from dongan_desk.ledgers.roster.import_forms import RosterImportDialog
from dongan_desk.ledgers.roster.tab import RosterTab
from dongan_desk.store.backup import backups_dir
from dongan_desk.store.models import Grid, Resident
from dongan_desk.ui import files
from dongan_desk.ui.help_window import HelpWindow
from tests.ledgers.roster.roster_workbooks import add_sheet, id_number, save
from ui_driver import find_widgets, main_window, wait_until

HE = id_number("19600315", 611)
BAD_DATE = "50022919700230123X"  # 30 February


def village_book(path: Path) -> Path:
    """A merged title row and a 填报 line above the header, the columns in the clerk's own order
    with their own words, a 合计 row, one household whose ID number cannot be right, and a sheet
    of notes without a header."""
    book = Workbook()
    headers = ["姓名", "村民小组", "与户主关系", "联系电话", "公民身份号码", "家庭住址", "政治面貌", "序号"]
    add_sheet(book, "花名册", headers, [
        ["何大山", "七组", "户主", "13900001111", HE, "兴田村七组1号", "中共党员", 1],
        ["罗秀芬", "七组", "妻", "", id_number("19620420", 622), "兴田村七组1号", "群众", 2],
        ["何小川", "七组", "长子", "13900002222", id_number("19900101", 633), "兴田村七组1号", "群众", 3],
        ["唐德厚", "七组", "户主", "", BAD_DATE, "兴田村七组2号", "群众", 4],
        ["蒋文", "八组", "户主", "023-59221111", id_number("19750808", 655), "兴田村八组5号", "", 5],
    ], titles=("东安镇兴田村村民花名册（2025年）",), subtitle="填报单位：兴田村委会", total=True)
    book.create_sheet("填表说明")["A1"] = "本表由各组组长填写，每户户主排在第一行。"
    return save(book, path)


@pytest.fixture
def window(root, village, tmp_path):
    return main_window(root, tmp_path)


@pytest.fixture
def picked(monkeypatch, tmp_path):
    """The file dialog: records how it was opened, answers the workbook."""
    asked: list[dict] = []
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    folder = tmp_path / "村里的U盘"
    folder.mkdir()
    source = village_book(folder / "兴田村花名册.xlsx")

    def ask(**options):
        asked.append(options)
        return str(source)

    monkeypatch.setattr(files.filedialog, "askopenfilename", ask)
    return source, asked, home / "Documents"


def file_menu(main):
    return main.nametowidget(main.menubar.entrycget("文件", "menu"))


def open_dialog(root, main) -> RosterImportDialog:
    file_menu(main).invoke("导入花名册…")
    [dialog] = find_widgets(root, RosterImportDialog)
    wait_until(root, lambda: dialog.book is not None and not dialog.busy)
    return dialog


def shown_mapping(dialog) -> dict[str, str]:
    """Each column's header → what its drop-down says it is imported as."""
    sheet = dialog.book.sheet(dialog.columns.shown_sheet)
    return {sheet.column(index).header: box.get() for index, box in dialog.columns.boxes}


def test_preview_writes_nothing_then_import_adds_the_people_and_lists_the_refused_row(
        root, window, picked, message_log, monkeypatch):
    source, asked, documents = picked
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    dialog = open_dialog(root, window)
    assert Path(asked[0]["initialdir"]) == documents  # 文档, not the program folder
    sheets = dialog.columns.sheet_tree
    assert [sheets.item(i, "values")[1] for i in sheets.get_children()] == ["花名册", "填表说明"]
    assert dialog.columns.chosen_sheets() == ["花名册"]  # the notes sheet has no header: not offered
    assert "标题在第3行" in dialog.columns.sheet_heading.cget("text")
    mapping = shown_mapping(dialog)
    assert mapping["姓名"] == "姓名" and mapping["公民身份号码"] == "身份证号" and mapping["村民小组"] == "组（社）"
    assert mapping["政治面貌"] == "党员" and mapping["序号"] == "不导入"
    samples = [w.cget("text") for w in dialog.columns.mapping_frame.winfo_children() if "何大山" in str(w.cget("text"))]
    assert samples and "罗秀芬" in samples[0]  # a few values beside each header

    before = Resident.select().count()
    dialog.preview_button.invoke()
    wait_until(root, lambda: dialog.preview is not None and not dialog.busy)
    assert Resident.select().count() == before and not Grid.select().where(Grid.name == "七组").exists()
    text = dialog.preview_text.cget("text")
    assert "将导入：2 户，4 人" in text and "新建院落网格 2 个（七组、八组）" in text and "党员 1 人" in text
    refused = [dialog.refused_tree.item(i, "values") for i in dialog.refused_tree.get_children()]
    assert len(refused) == 1 and refused[0][1] == "7" and "公民身份号码" in refused[0][2]
    assert "1970年2月30日" in refused[0][3]
    assert str(dialog.import_button.cget("state")) == "normal"

    dialog.import_button.invoke()
    wait_until(root, lambda: dialog.outcome is not None and not dialog.busy)
    assert Resident.select().count() == before + 4
    he = Resident.get(Resident.name == "何大山")
    assert he.id_number == HE and he.is_party_member and he.household.grid.name == "七组"
    assert not Resident.select().where(Resident.name == "唐德厚").exists()
    assert any("导入前" in p.name for p in backups_dir().glob("*.db"))  # the backup first
    errors = source.with_name("兴田村花名册-错误清单.xlsx")
    assert dialog.error_list == errors and errors.exists()
    rows = [[c.value for c in row] for row in load_workbook(errors)["花名册"].iter_rows(min_row=4)]
    assert len(rows) == 1 and rows[0][1] == 7 and "唐德厚" in rows[0] and BAD_DATE in rows[0]
    assert str(errors) in dialog.error_list_label.cget("text")
    assert any(str(errors) in q and "打开错误清单" in q for q in message_log.questions)
    assert opened == [errors]  # the clerk said yes
    root.update()
    tab = find_widgets(window, RosterTab)[0]  # <<DataChanged>>: the tree has the new grids
    assert {tab.tree.item(i, "text").lstrip("⚠ ") for i in tab.tree.get_children(
        tab.tree.get_children(tab.tree.get_children()[0])[0])} >= {"七组", "八组"}
    assert "已导入：2 户，4 人" in dialog.result_text.cget("text")
    assert str(errors) in window.status.message_label.cget("text")  # opened, and said where it is
    assert str(dialog.import_button.cget("state")) == "disabled"  # done: not twice


def test_a_changed_column_makes_the_preview_stale(root, window, picked, message_log):
    message_log.answer = False  # do not open the 错误清单
    dialog = open_dialog(root, window)
    dialog.run_preview()
    wait_until(root, lambda: dialog.preview is not None and not dialog.busy)
    assert str(dialog.import_button.cget("state")) == "normal"
    sheet = dialog.book.sheet("花名册")
    phone = next(c.index for c in sheet.columns if c.header == "联系电话")
    label_box = dict(dialog.columns.boxes)[phone]
    label_box.set("不导入")
    label_box.event_generate("<<ComboboxSelected>>")
    assert sheet.mapping.field_of(phone) == ""
    assert str(dialog.import_button.cget("state")) == "disabled"  # the preview no longer says what 导入 does
    assert "重新点“预览" in dialog.heading.cget("text")
    dialog.columns.set_column("花名册", next(c.index for c in sheet.columns if c.header == "序号"), "note")
    assert shown_mapping(dialog)["序号"] == "备注"
    dialog.run_preview()
    wait_until(root, lambda: dialog.preview is not None and not dialog.busy)
    dialog.run_import()
    wait_until(root, lambda: dialog.outcome is not None and not dialog.busy)
    he = Resident.get(Resident.name == "何大山")
    assert he.phone == "" and he.note == "1"  # no phone; the 序号 in 备注, as the clerk chose


def test_an_unchecked_sheet_is_not_imported(root, window, picked, message_log):
    dialog = open_dialog(root, window)
    dialog.columns.toggle_sheet(dialog.book.sheet("花名册"))
    assert dialog.columns.chosen_sheets() == [] and str(dialog.preview_button.cget("state")) == "disabled"
    assert dialog.columns.sheet_tree.item("0", "values")[0] == "☐"


def test_the_second_time_the_dialog_opens_where_the_workbook_was(root, window, picked, message_log):
    source, asked, documents = picked
    first = open_dialog(root, window)
    file_menu(window).invoke("导入花名册…")  # while one is open it is brought forward, no second
    assert len(asked) == 1 and find_widgets(root, RosterImportDialog) == [first]
    first.close()
    open_dialog(root, window)
    assert Path(asked[1]["initialdir"]) == source.parent


def test_a_file_that_is_not_a_roster_is_said_plainly(root, window, picked, monkeypatch, message_log, tmp_path):
    other = tmp_path / "照片.xlsx"
    other.write_bytes(b"not a workbook")
    monkeypatch.setattr(files.filedialog, "askopenfilename", lambda **kw: str(other))
    file_menu(window).invoke("导入花名册…")
    [dialog] = find_widgets(root, RosterImportDialog)
    wait_until(root, lambda: message_log.errors)
    assert "不是 Excel 工作簿" in message_log.errors[0] and dialog.book is None
    assert str(dialog.preview_button.cget("state")) == "disabled"


def test_f1_in_the_dialog_opens_the_import_part(root, window, picked, message_log):
    dialog = open_dialog(root, window)
    dialog.columns.sheet_tree.focus_force()
    dialog.columns.sheet_tree.event_generate("<KeyPress-F1>")
    root.update()
    [help_window] = find_widgets(root, HelpWindow)
    assert help_window.part.title == "导入花名册"


def test_the_roster_tab_has_the_button(root, window, picked, message_log):
    tab = find_widgets(window, RosterTab)[0]
    [button] = [b for b in find_widgets(tab, type(tab.add_grid_button)) if b.cget("text") == "导入花名册…"]
    button.invoke()
    wait_until(root, lambda: find_widgets(root, RosterImportDialog))


def test_the_township_is_told_why_not(root, township, tmp_path, monkeypatch, message_log):
    asked = []
    monkeypatch.setattr(files.filedialog, "askopenfilename", lambda **kw: asked.append(kw) or "")
    main = main_window(root, tmp_path)
    file_menu(main).invoke("导入花名册…")
    assert asked == [] and not find_widgets(root, RosterImportDialog)
    assert message_log.infos and "镇本级的电脑不导入花名册" in message_log.infos[0]
