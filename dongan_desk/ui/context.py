"""What every tab may know of the window: the root, the data folder, the status bar, and the
home unit; and how tabs tell each other that data changed."""
from __future__ import annotations

import tkinter as tk
from dataclasses import dataclass
from pathlib import Path

from .. import units
from .events import DATA_CHANGED, announce, listen


@dataclass
class AppContext:
    """What every tab may know: the root (for virtual events), the data folder, the status bar."""

    root: tk.Misc
    data_dir: Path
    status: "StatusBar"

    @property
    def home(self):
        return units.home_unit()

    def data_changed(self) -> None:
        announce(self.root, DATA_CHANGED)

    def on_data_changed(self, widget: tk.Misc, callback) -> None:
        listen(self.root, DATA_CHANGED, widget, callback)
