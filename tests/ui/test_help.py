"""帮助 in the real window: F1 on each tab opens the 使用说明 at that tab's part, and 帮助 →
使用说明 makes the printable PDF and opens it in the viewer."""
import pytest
from pypdf import PdfReader

from dongan_desk.documents import manual_text
from dongan_desk.ui import files
from dongan_desk.ui.help_window import HelpWindow
from ui_driver import find_widgets, main_window


def press_f1(widget) -> None:
    widget.focus_force()
    widget.event_generate("<KeyPress-F1>")
    widget.update()


def shown_help(root) -> HelpWindow:
    [window] = [w for w in find_widgets(root, HelpWindow) if w.winfo_exists()]
    return window


def help_menu(main):
    return main.nametowidget(main.menubar.entrycget("帮助", "menu"))


@pytest.mark.parametrize("fixture", ["village", "township"])
def test_f1_on_each_tab_opens_that_tabs_part(root, tmp_path, request, fixture):
    request.getfixturevalue(fixture)
    main = main_window(root, tmp_path)
    titles = [main.notebook.tab(page, "text") for page in main.notebook.tabs()]
    assert len(titles) >= 4
    for index, title in enumerate(titles):
        main.notebook.select(index)
        root.update()
        press_f1(main._build_current_tab())
        window = shown_help(root)  # one window, brought forward and turned to the page
        part = manual_text.part_titled(title)
        assert window.part is part, title
        text = window.shown_text()
        assert text.startswith(title) and part.summary in text
        assert all(section.heading in text for section in part.sections)
        assert window.parts.selection() == (str(manual_text.PARTS.index(part)),)


def test_the_help_window_turns_to_any_part(root, village, tmp_path):
    main = main_window(root, tmp_path)
    window = main.show_help("报送")
    assert "接入码" in window.shown_text()
    window.parts.selection_set(str(manual_text.PARTS.index(manual_text.part_titled("备份和恢复"))))
    root.update()
    assert window.shown_text().startswith("备份和恢复") and "备份到" in window.shown_text()


def test_the_help_menu_makes_the_manual_and_opens_it(root, village, tmp_path, monkeypatch, message_log):
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    main = main_window(root, tmp_path)
    menu = help_menu(main)
    labels = [menu.entrycget(i, "label") for i in range(menu.index("end") + 1) if menu.type(i) == "command"]
    assert labels[0].startswith("使用说明") and "关于东安台账" in labels
    menu.invoke(0)
    [made] = opened
    assert made == tmp_path / "exports" / "东安台账使用说明.pdf" and made.exists()
    assert str(made) in main.status.message_label.cget("text")
    outline = [entry.title for entry in PdfReader(str(made)).outline]
    assert any(entry.endswith("网格花名册") for entry in outline)


def test_the_help_windows_button_opens_the_pdf(root, village, tmp_path, monkeypatch, message_log):
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    main = main_window(root, tmp_path)
    window = main.show_help("网格花名册")
    window.pdf_button.invoke()
    assert opened == [tmp_path / "exports" / "东安台账使用说明.pdf"]
