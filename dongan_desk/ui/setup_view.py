"""First start: what is this PC? The township office, one village, or a sample town to try."""
from __future__ import annotations

import tkinter as tk
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from ..errors import ValidationError
from ..sample.town import build_sample
from ..units import UnitSpec, setup_township, setup_village, villages
from ..exchange.access import set_home_access_code
from ..store.access_codes import normalize_access_code
from ..store.database import db
from ..store.models import AccessCode, Unit
from .background import run_in_background
from .fields import HintedFields
from .widgets import BusyWindow

VILLAGE_HINT = "每行一个村（社区）：名称,简称,代码\n例如：兴田村,兴田,500229115201"
ACCESS_CODE_HINT = "镇里给的16位接入码，如 K7QM-3XWA-9TPR-CE4H。\n现在没有可以先不填，报送前在“设置 → 本单位信息”中填写。"


class SetupView(ttk.Frame):
    def __init__(self, master: tk.Misc, on_done: Callable[[], None], data_dir: Path | None = None):
        super().__init__(master, padding=30)
        self.on_done, self.data_dir = on_done, data_dir
        ttk.Label(self, text="欢迎使用东安台账", font=("", 20, "bold")).pack(anchor="w")
        ttk.Label(self, text="第一次使用，请先说明这台电脑属于哪个单位。名称、简称和代码以后可在“设置 → 本单位信息”中更正。",
                  bootstyle="secondary").pack(anchor="w", pady=(4, 16))
        self.kind = tk.StringVar(value="village")
        choices = ttk.Frame(self)
        choices.pack(anchor="w")
        for value, text in (("village", "村（社区）的电脑"), ("town", "镇本级（镇政府）的电脑"),
                            ("sample", "先用示例数据试一试（名称都标有“示例”）")):
            ttk.Radiobutton(choices, text=text, value=value, variable=self.kind,
                            command=self._show_fields).pack(anchor="w", pady=2)
        self.form = ttk.Frame(self)
        self.form.pack(anchor="w", fill="x", pady=12)
        self.form.columnconfigure(2, weight=1)
        self.field_grid = HintedFields(self.form)
        self.hints = self.field_grid.hints  # field → its hint, where a problem shows
        self.name = self._entry(0, "name", Unit.label("name"), "如：兴田村 / 东安镇")
        self.short = self._entry(1, "short_name", Unit.label("short_name"), "用于文书编号，如：兴田")
        self.code = self._entry(2, "code", Unit.label("code"),
                                "12位统计用区划代码，如：村 500229115201，镇本级 500229115000")
        self.access_code = self._entry(3, "access_code", AccessCode.label("code"), ACCESS_CODE_HINT)
        self.access_widgets = self.form.grid_slaves(row=3)
        self.villages_label = ttk.Label(self.form, text="下辖村（社区）：")
        self.villages = tk.Text(self.form, height=8, width=50)
        self.villages_hint = self.field_grid.hint(4, "villages", VILLAGE_HINT, sticky="nw")
        self.sample_size = tk.StringVar(value="village")
        self.sample_frame = ttk.Frame(self)
        ttk.Radiobutton(self.sample_frame, text="一个示例村（约1000人）", value="village",
                        variable=self.sample_size).pack(anchor="w")
        ttk.Radiobutton(self.sample_frame, text="示例镇本级，含10个村的汇总数据（3万人，需几秒钟）",
                        value="town", variable=self.sample_size).pack(anchor="w")
        self.error = ttk.Label(self, text="", bootstyle="danger", justify="left", wraplength=700)
        self.error.pack(anchor="w", pady=6)
        self.ok_button = ttk.Button(self, text="完成设置", command=self.submit, bootstyle="primary")
        self.ok_button.pack(anchor="w")
        self._show_fields()

    def _entry(self, row: int, name: str, label: str, hint: str) -> ttk.Entry:
        return self.field_grid.entry(row, name, label, hint)

    def show_problems(self, problems: dict[str, str]) -> None:
        """A refused field's problem in red beside it, in place of its hint; the rest below."""
        rest = self.field_grid.show_problems(problems)
        self.error.configure(text="\n".join(rest) or ("请按红字提示修改后再点“完成设置”。" if problems else ""),
                             bootstyle="danger")

    def _show_fields(self) -> None:
        kind = self.kind.get()
        if kind == "sample":
            self.form.pack_forget()
            self.sample_frame.pack(anchor="w", pady=12, before=self.error)
            return
        self.sample_frame.pack_forget()
        self.form.pack(anchor="w", fill="x", pady=12, before=self.error)
        for widget, spec in ((self.villages_label, dict(row=4, column=0, sticky="ne", pady=3)),
                             (self.villages, dict(row=4, column=1, sticky="w", pady=3)),
                             (self.villages_hint, dict(row=4, column=2, sticky="nw", padx=8))):
            if kind == "town":
                widget.grid(**spec)
            else:
                widget.grid_remove()
        for widget in self.access_widgets:  # a village types the 接入码; the township issues them
            if kind == "village":
                widget.grid()
            else:
                widget.grid_remove()

    def village_specs(self) -> list[UnitSpec]:
        specs = []
        for number, line in enumerate(self.villages.get("1.0", "end").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 3:
                raise ValidationError({"villages": f"下辖村（社区）第{number}行“{line.strip()}”应写成 名称,简称,代码。"})
            specs.append(UnitSpec(*parts))
        if not specs:
            raise ValidationError({"villages": "请至少填写一个下辖村（社区）。"})
        return specs

    def submit(self) -> None:
        kind = self.kind.get()
        spec = UnitSpec(self.name.get(), self.short.get(), self.code.get())
        self.show_problems({})
        try:
            if kind == "village":
                self._setup_village(spec)
            elif kind == "town":
                setup_township(spec, self.village_specs())
            else:
                self._build_sample_in_background(self.sample_size.get())
                return
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return
        root = self.master
        self.destroy()
        self.on_done()
        if kind == "town":
            self.show_access_codes(root)

    def _setup_village(self, spec: UnitSpec) -> None:
        """The village and the 接入码 typed in, together: a malformed code creates nothing."""
        problems, code = {}, None
        if self.access_code.get().strip():
            try:
                code = normalize_access_code(self.access_code.get())
            except ValueError as exc:
                problems["access_code"] = str(exc)
        try:
            with db.atomic():
                unit = setup_village(spec)
                if problems:
                    raise ValidationError(problems)  # rolls the new unit back
                if code:
                    set_home_access_code(unit, code)
        except ValidationError as exc:
            raise ValidationError({**exc.problems, **problems}) from None

    def show_access_codes(self, master: tk.Misc):
        """The villages' new 接入码, shown whole, to print or save for the village clerks."""
        from .access_codes_view import AccessCodesDialog
        return AccessCodesDialog(master, villages(), "设置完成。本机已为每个村（社区）下发了接入码：",
                                 self.data_dir)

    def _build_sample_in_background(self, size: str) -> None:
        """The sample town takes a few seconds: a moving bar meanwhile, the window keeps drawing."""
        self.ok_button.configure(state="disabled")
        progress = BusyWindow(self, "正在生成示例数据",
                              "正在生成示例数据（全镇约3万人需几秒钟），请稍候……")

        def done(_unit) -> None:
            progress.close()
            self.destroy()
            self.on_done()

        def failed(exc: BaseException) -> None:
            progress.close()
            self.ok_button.configure(state="normal")
            message = exc.message if isinstance(exc, ValidationError) else f"生成示例数据出错：{exc}"
            self.error.configure(text=message, bootstyle="danger")

        run_in_background(self, lambda: build_sample(size), done, failed)
