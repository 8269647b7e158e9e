"""A unit's name, short name and code: 设置 → 本单位信息 (with the village's 接入码), and the
township's 添加 / 修改 of a village on its list. What a change does to 报送 is said, and
confirmed, before it is saved."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from .. import units
from ..errors import ValidationError
from ..units import UnitSpec, add_village, apply_unit_change, normalize_unit_code, plan_unit_change
from ..exchange.access import access_code_of, set_home_access_code
from ..store.access_codes import normalize_access_code
from ..store import session
from ..store.database import db
from ..store.models import AccessCode, Unit
from . import messages
from .widgets import FormDialog

ACCESS_CODE_FIELD = "access_code"


def mask_access_code(code: str | None) -> str:
    """`K7QM-3XWA-9TPR-CE4H` → `K7QM-****-****-CE4H`: enough to tell codes apart, not to use one."""
    if not code:
        return "（未下发）"
    groups = code.split("-")
    return "-".join([groups[0], *("****" for _ in groups[1:-1]), groups[-1]]) if len(groups) > 2 else "****"


def code_example(kind: str) -> str:
    return "500229115000" if kind == "town" else "500229115201"


class UnitFieldsDialog(FormDialog):
    """名称, 简称, 单位代码 with a red line under a field the domain refused."""

    kind = "village"
    permission = session.SETTINGS

    def __init__(self, master: tk.Misc, title: str,
                 on_saved: Callable[[Unit], None] | None = None):
        self.on_saved = on_saved
        super().__init__(master, title)

    def unit_fields(self, frame: ttk.Frame, unit: Unit | None) -> None:
        town = self.kind == "town"
        self.field(frame, "name", unit.name if unit else "", "如：东安镇" if town else "如：兴田村")
        self.field(frame, "short_name", unit.short_name if unit else "",
                   "用于调解协议书编号，如：" + ("东安" if town else "兴田"))
        self.field(frame, "code", unit.code if unit else "",
                   f"12位统计用区划代码（县6位 + 乡镇3位 + 村3位），如：{code_example(self.kind)}")

    def field(self, frame: ttk.Frame, name: str, value: str, hint: str,
              label: str | None = None) -> ttk.Entry:
        entry = self.entry(frame, name, label or Unit.label(name), value, hint=hint, width=40)
        self.problem_line(frame, name)
        return entry

    def spec(self) -> UnitSpec:
        return UnitSpec(self.value("name"), self.value("short_name"), self.value("code"))

    def save(self) -> None:
        """``apply()`` returns the saved unit, or None when the clerk said no to the
        confirmation (the dialog stays open); ValidationError shows the problems."""
        self.show_problems({})  # a red line from the last try is not left beside a question
        try:
            saved = self.apply()
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return
        if saved is None:
            return
        self.result = saved
        self.grab_release()
        self.destroy()
        if self.on_saved is not None:
            self.on_saved(saved)


class UnitDialog(UnitFieldsDialog):
    """Edit one unit: the home unit (设置 → 本单位信息) or, on the township, a listed village."""

    def __init__(self, master: tk.Misc, unit: Unit,
                 on_saved: Callable[[Unit], None] | None = None):
        self.unit = unit
        self.kind = unit.kind
        self.takes_access_code = unit.is_home and unit.kind == "village"
        title = "本单位信息" if unit.is_home else f"修改村（社区）信息：{unit.name}"
        super().__init__(master, title, on_saved)

    def body(self, frame: ttk.Frame) -> None:
        if self.unit.is_home:
            ttk.Label(frame, text=f"{Unit.label('kind')}：{self.unit.choice_label('kind', self.unit.kind)}"
                                  "。报送包和汇总表都按单位代码认单位，请与镇里的村名单核对一致。",
                      bootstyle="secondary", wraplength=560, justify="left").grid(
                row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 8))
            self._row += 1
        self.unit_fields(frame, self.unit)
        if self.takes_access_code:
            current = access_code_of(self.unit)
            state = (f"已填写（{mask_access_code(current)}）。不改就留空；镇里重新下发后在这里填新的。"
                     if current else "未填写：报送前须填写镇里给的接入码，否则报送包无法加封，镇里不接收。")
            self.field(frame, ACCESS_CODE_FIELD, "", "16位，形如 K7QM-3XWA-9TPR-CE4H；大小写、空格都可以。",
                       label=AccessCode.label("code"))
            self.access_state = ttk.Label(frame, text=state, wraplength=440, justify="left",
                                          bootstyle="success" if current else "warning")
            self.access_state.grid(row=self._row, column=1, sticky="w", pady=(0, 4))
            self._row += 1

    def typed_access_code(self) -> str | None:
        """The 接入码 typed in, normalised; None when left empty. Raises ValueError."""
        if not self.takes_access_code or not self.value(ACCESS_CODE_FIELD).strip():
            return None
        return normalize_access_code(self.value(ACCESS_CODE_FIELD))

    def apply(self) -> Unit | None:
        problems: dict[str, str] = {}
        change = None
        try:
            change = plan_unit_change(self.unit, self.spec())
        except ValidationError as exc:
            problems.update(exc.problems)
        try:
            code = self.typed_access_code()
        except ValueError as exc:
            problems[ACCESS_CODE_FIELD] = str(exc)
        if problems:  # nothing is saved, not even the fields that were right
            raise ValidationError(problems)
        current = access_code_of(self.unit) if self.takes_access_code else None
        code = None if code == current else code
        said = list(change.consequences)
        if code and not current and said:
            said.append(f"接入码填写为 {mask_access_code(code)}：以后的报送包用它加封。")
        if code and current:
            said.append(f"接入码由 {mask_access_code(current)} 改为 {mask_access_code(code)}：以后的报送包用新接入码加封，"
                        "须与镇里为本单位下发的接入码一致，否则镇里不接收。")
        if said and not messages.ask_yes_no(self, self.confirmation(said, change.warnings),
                                            title="请确认修改"):
            return None
        with db.atomic():
            if change.any:
                apply_unit_change(change)
            if code:
                set_home_access_code(self.unit, code)
        return self.unit

    def confirmation(self, said: list[str], warnings: list[str]) -> str:
        lines = ["保存后：", *(f"· {line}" for line in said)]
        if warnings:
            lines += ["", "请注意：", *(f"· {w}" for w in warnings)]
        return "\n".join(lines + ["", "确定保存吗？"])


class AddVillageDialog(UnitFieldsDialog):
    """Township: one more village on the list (it gets its 接入码 on saving)."""

    def __init__(self, master: tk.Misc, on_saved: Callable[[Unit], None] | None = None):
        super().__init__(master, "添加村（社区）", on_saved)

    def body(self, frame: ttk.Frame) -> None:
        ttk.Label(frame, text="添加后本机为它下发接入码，请打印或抄给村里，在村里电脑“设置 → 本单位信息”中填写。",
                  bootstyle="secondary", wraplength=560, justify="left").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 8))
        self._row += 1
        self.unit_fields(frame, None)

    def apply(self) -> Unit | None:
        spec = self.spec()
        try:
            code = normalize_unit_code(spec.code, "village")
        except ValueError:
            code = None  # add_village says what is wrong, beside the field
        warning = code and units.town_mismatch(code, units.home_unit().code)
        if warning and not messages.ask_yes_no(self, f"{warning}\n\n仍要添加吗？", title="代码不像本镇的"):
            return None
        unit, _warnings = add_village(spec)
        return unit
