"""The roster tab's grid buttons under the grid tree: a new courtyard grid, editing a grid, its
网格员 and 院落长, deleting an empty courtyard."""
from __future__ import annotations

from . import rules as roster
from .grid_forms import GridDialog, GridMembersDialog
from ...store.models import Grid
from ...ui import messages


class GridActions:
    """The roster tab's grid buttons (新增院落网格, 编辑网格, 网格员/院落长, 删除网格); the tab
    gives ``selected_grid`` and ``_changed``."""

    def _courtyard(self) -> Grid | None:
        grid = self.selected_grid()
        if grid is None or grid.level != 3:
            messages.show_info(self, "请先在左边选中一个院落式网格。")
            return None
        return grid

    def add_grid(self) -> None:
        grid = self.selected_grid()
        parent = grid if grid and grid.level == 2 else (grid.parent if grid and grid.level == 3 else None)
        if parent is None:
            messages.show_info(self, "请先在左边选中要在其下新增院落的村级网格。")
            return
        dialog = GridDialog(self, parent=parent)
        self.wait_window(dialog)
        if dialog.result:
            self._changed(f"已新增院落网格“{dialog.result.name}”")

    def edit_grid(self) -> None:
        grid = self.selected_grid()
        if grid is None:
            return
        dialog = GridDialog(self, grid=grid)
        self.wait_window(dialog)
        if dialog.result:
            self._changed(f"已保存网格“{grid.name}”")

    def edit_members(self) -> None:
        grid = self._courtyard()
        if grid is None:
            return
        dialog = GridMembersDialog(self, grid)
        self.wait_window(dialog)
        if dialog.result:
            self._changed(f"已设置“{grid.name}”的网格员和院落长", dialog.result.warnings)

    def delete_grid(self) -> None:
        grid = self._courtyard()
        if grid and messages.ask_yes_no(self, f"确定删除院落网格“{grid.name}”吗？"):
            if messages.guarded(self, lambda: roster.delete_grid(grid)):
                self._changed(f"已删除院落网格“{grid.name}”")
