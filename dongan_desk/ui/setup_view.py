"""First start: what is this PC? The township office, one village, or a sample town to try."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from ..errors import ValidationError
from ..sample.town import build_sample
from ..units import UnitSpec, setup_township, setup_village
from .background import run_in_background
from .widgets import BusyWindow

VILLAGE_HINT = "每行一个村（社区）：名称,简称,代码\n例如：兴田村,兴田,500229115001"


class SetupView(ttk.Frame):
    def __init__(self, master: tk.Misc, on_done: Callable[[], None]):
        super().__init__(master, padding=30)
        self.on_done = on_done
        ttk.Label(self, text="欢迎使用东安台账", font=("", 20, "bold")).pack(anchor="w")
        ttk.Label(self, text="第一次使用，请先说明这台电脑属于哪个单位。设置后不能更改。",
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
        self.name = self._entry(0, "单位名称", "如：兴田村 / 东安镇")
        self.short = self._entry(1, "简称", "用于文书编号，如：兴田")
        self.code = self._entry(2, "单位代码", "统计用区划代码，如：500229115001")
        self.villages_label = ttk.Label(self.form, text="下辖村（社区）：")
        self.villages = tk.Text(self.form, height=8, width=50)
        self.villages_hint = ttk.Label(self.form, text=VILLAGE_HINT, bootstyle="secondary",
                                       justify="left")
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

    def _entry(self, row: int, label: str, hint: str) -> ttk.Entry:
        ttk.Label(self.form, text=label + "：").grid(row=row, column=0, sticky="e", pady=3)
        entry = ttk.Entry(self.form, width=40)
        entry.grid(row=row, column=1, sticky="w", pady=3)
        ttk.Label(self.form, text=hint, bootstyle="secondary").grid(row=row, column=2, sticky="w",
                                                                    padx=8)
        return entry

    def _show_fields(self) -> None:
        kind = self.kind.get()
        if kind == "sample":
            self.form.pack_forget()
            self.sample_frame.pack(anchor="w", pady=12, before=self.error)
            return
        self.sample_frame.pack_forget()
        self.form.pack(anchor="w", fill="x", pady=12, before=self.error)
        for widget, spec in ((self.villages_label, dict(row=3, column=0, sticky="ne", pady=3)),
                             (self.villages, dict(row=3, column=1, sticky="w", pady=3)),
                             (self.villages_hint, dict(row=3, column=2, sticky="nw", padx=8))):
            if kind == "town":
                widget.grid(**spec)
            else:
                widget.grid_remove()

    def village_specs(self) -> list[UnitSpec]:
        specs = []
        for number, line in enumerate(self.villages.get("1.0", "end").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 3:
                raise ValidationError(f"下辖村（社区）第{number}行“{line.strip()}”应写成 名称,简称,代码。")
            specs.append(UnitSpec(*parts))
        if not specs:
            raise ValidationError("请至少填写一个下辖村（社区）。")
        return specs

    def submit(self) -> None:
        kind = self.kind.get()
        spec = UnitSpec(self.name.get(), self.short.get(), self.code.get())
        try:
            if kind == "village":
                setup_village(spec)
            elif kind == "town":
                setup_township(spec, self.village_specs())
            else:
                self._build_sample_in_background(self.sample_size.get())
                return
        except ValidationError as exc:
            self.error.configure(text=exc.message, bootstyle="danger")
            return
        self.destroy()
        self.on_done()

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
