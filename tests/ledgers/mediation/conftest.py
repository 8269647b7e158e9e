"""The 矛盾纠纷调解 tab in a window, shared by the tab's tests."""
from datetime import date

import pytest

from dongan_desk.ledgers.mediation.tab import MediationTab
from dongan_desk.ui import files
from dongan_desk.ui.app import MainWindow

from tests.mediation_cases import make_residents


@pytest.fixture
def window(root, village, tmp_path):
    """The main window on the 矛盾纠纷调解 tab, 李秀英 and 王建国 in the roster."""
    make_residents(village, today=date.today())
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    tab = main.show_tab(MediationTab)
    root.update()
    return main, tab


@pytest.fixture
def viewer(monkeypatch):
    """The PDFs 打印 opened in the system viewer (none is started)."""
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    return opened
