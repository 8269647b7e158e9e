"""Forms for a household, moving it, and a resident."""
from __future__ import annotations

import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from . import rules as roster
from . import leaving
from ...errors import ValidationError
from ...idnumbers import InvalidIdNumber, check_phone, parse_id_number
from .category_forms import CategoryBoxes
from .queries import courtyard_choices
from .sensitive import record_view
from ...store.models import RELATIONS, Grid, Household, Resident
from ...store.models.roster import GENDERS, RECORD_STATUSES
from ...ui.widgets import FormDialog, date_entry, read_date
from ...validation import phone_problem

GENDER_CODES = [code for code, _ in GENDERS]


class HouseholdDialog(FormDialog):
    def __init__(self, master: tk.Misc, grid: Grid | None = None,
                 household: Household | None = None):
        self.grid_record = grid or household.grid
        self.household = household
        super().__init__(master, "编辑户" if household else f"新增户（{self.grid_record.name}）")

    def body(self, frame: ttk.Frame) -> None:
        h = self.household
        ttk.Label(frame, text=f"{Household.label('grid')}：{self.grid_record.name}").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.entry(frame, "address", Household.label("address"), h.address if h else "",
                   hint="如：东安镇兴田村3组17号")
        self.entry(frame, "household_no", Household.label("household_no"),
                   h.household_no if h else "", hint="可不填")
        self.text(frame, "note", Household.label("note"), h.note if h else "", height=2)

    def apply(self):
        data = {"grid": self.grid_record, "address": self.value("address"),
                "household_no": self.value("household_no"), "note": self.value("note")}
        return roster.save_household(data, self.household).record


class MoveHouseholdDialog(FormDialog):
    def __init__(self, master: tk.Misc, household: Household):
        self.household = household
        self.grids = [g for g in courtyard_choices(household.unit_id) if g.id != household.grid_id]
        super().__init__(master, "把这一户移到别的院落网格")

    def body(self, frame: ttk.Frame) -> None:
        ttk.Label(frame, text=f"现在：{self.household.grid.name}　{self.household.address}").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        box = ttk.Combobox(frame, state="readonly", values=[g.name for g in self.grids], width=34)
        self.add_field(frame, "grid", "移到", box)

    def apply(self):
        index = self.fields["grid"].current()
        if index < 0:
            raise ValidationError("请选择要移到哪个院落网格。")
        return roster.move_household(self.household, self.grids[index]).record


class ResidentDialog(FormDialog):
    """A resident: 性别 and 出生日期 come from the ID number, or are typed when there is none;
    the phone says inline what is odd about it; the 与户主关系 of a new member starts as what
    the household lacks (``rules.suggested_relation``)."""

    def __init__(self, master: tk.Misc, household: Household | None = None,
                 resident: Resident | None = None):
        self.household = household or resident.household
        self.resident = resident
        self._auto_relation: str | None = None  # what we chose, while the clerk has not
        if resident is not None:  # a sensitive person's full record opened: the audit trail
            record_view(resident)
        super().__init__(master, f"编辑人员：{resident.name}" if resident else "新增人员")

    def body(self, frame: ttk.Frame) -> None:
        r = self.resident
        ttk.Label(frame, text=f"所在户：{self.household.address}（{self.household.grid.name}）").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.entry(frame, "name", Resident.label("name"), r.name if r else "")
        id_entry = self.entry(frame, "id_number", Resident.label("id_number"),
                              (r.id_number or "") if r else "")
        self.derived = ttk.Label(frame, text="", bootstyle="secondary")
        self.derived.grid(row=self._row, column=1, sticky="w")
        self._row += 1
        id_entry.bind("<KeyRelease>", lambda e: self.show_derived())
        id_entry.bind("<FocusOut>", lambda e: self.show_derived())
        gender = ttk.Combobox(frame, state="readonly", values=["", *GENDER_CODES], width=8)
        gender.set(r.gender if r else "")
        gender.bind("<<ComboboxSelected>>", lambda e: self.follow_gender())
        self.add_field(frame, "gender", Resident.label("gender"), gender)
        self.add_field(frame, "birth_date", Resident.label("birth_date"),
                       date_entry(frame, r.birth_date if r else None))
        phone = self.entry(frame, "phone", Resident.label("phone"), r.phone if r else "")
        # What is odd about the number, next to it, as it is typed (not only after saving).
        self.phone_note = ttk.Label(frame, text="", bootstyle="secondary", wraplength=360,
                                    justify="left")
        self.phone_note.grid(row=self._row, column=1, sticky="w")
        self._row += 1
        phone.bind("<KeyRelease>", lambda e: self.show_phone_note())
        phone.bind("<FocusOut>", lambda e: self.show_phone_note())
        relation = ttk.Combobox(frame, state="readonly", values=[c for c, _ in RELATIONS], width=34)
        self.add_field(frame, "relation", Resident.label("relation"), relation)
        self.relation_note = ttk.Label(frame, text="", bootstyle="secondary")
        self.relation_note.grid(row=self._row, column=1, sticky="w")
        self._row += 1
        relation.bind("<<ComboboxSelected>>", lambda e: self._relation_chosen())
        if r:
            relation.set(r.relation)
        self.party_var = tk.BooleanVar(value=bool(r and r.is_party_member))
        check = ttk.Checkbutton(frame, text="是党员", variable=self.party_var,
                                command=self.toggle_party)
        self.add_field(frame, "is_party_member", Resident.label("is_party_member"), check)
        self.entry(frame, "party_branch", Resident.label("party_branch"), r.party_branch if r else "")
        self.add_field(frame, "party_join_date", Resident.label("party_join_date"),
                       date_entry(frame, r.party_join_date if r else None))
        self.categories = CategoryBoxes(self, frame, self.household.unit_id, r)
        self.text(frame, "note", Resident.label("note"), r.note if r else "", height=2)
        self.toggle_party()
        self.show_derived()
        self.show_phone_note()
        if not r:
            self.follow_gender()

    def toggle_party(self) -> None:
        state = "normal" if self.party_var.get() else "disabled"
        self.fields["party_branch"].configure(state=state)
        widget = self.fields["party_join_date"]
        widget.enable() if state == "normal" else widget.disable()

    # -- the ID number, or 性别 and 出生日期 typed ----------------------------------------------
    def _id_info(self):
        text = self.value("id_number").strip()
        if not text:
            return None, ""
        try:
            return parse_id_number(text), ""
        except InvalidIdNumber as exc:
            return None, str(exc)

    def show_derived(self) -> None:
        text = self.value("id_number").strip()
        info, problem = self._id_info()
        gender, birth = self.fields["gender"], self.fields["birth_date"]
        if not text:
            self.derived.configure(text="没有身份证号：请在下面选性别、填出生日期", bootstyle="secondary")
            gender.configure(state="readonly")
            birth.enable()
        else:
            # With an ID number both come from it: shown, not typed.
            if info is not None:
                gender.set(info.gender)
                _set_date(birth, info.birth_date)
                self.derived.configure(text=f"{info.gender}　出生 {info.birth_date:%Y-%m-%d}　"
                                            f"{info.age_on(date.today())} 岁（由身份证号得出）",
                                       bootstyle="success")
            else:
                self.derived.configure(text=problem, bootstyle="warning")
            gender.configure(state="disabled")
            birth.disable()
        self.follow_gender()

    def current_gender(self) -> str:
        info, _ = self._id_info()
        return info.gender if info else self.fields["gender"].get()

    # -- 与户主关系 ------------------------------------------------------------------------------
    def follow_gender(self) -> None:
        """A new member's relation follows what the household lacks, and 子/女 the gender, until
        the clerk picks one."""
        if self.resident is not None:
            return
        box = self.fields["relation"]
        if self._auto_relation is not None and box.get() != self._auto_relation:
            return  # the clerk chose
        suggestion = roster.suggested_relation(self.household, self.current_gender())
        box.set(suggestion)
        self._auto_relation = suggestion
        self.relation_note.configure(
            text="" if suggestion else "这一户已有户主和配偶：请选择（如 子、女、父母）")

    def _relation_chosen(self) -> None:
        self._auto_relation = ""  # never overwritten again
        self.relation_note.configure(text="")

    # -- 联系电话 ---------------------------------------------------------------------------
    def show_phone_note(self) -> None:
        text = self.value("phone")
        problem = phone_problem(text)
        if problem:
            # No space after the mark: Tk wraps only at spaces, it would stand alone on a line.
            self.phone_note.configure(text="✖" + problem, bootstyle="danger")
            return
        warning = check_phone(text).warning
        if warning:
            self.phone_note.configure(text="⚠" + warning, bootstyle="warning")
        else:
            self.phone_note.configure(text="手机或座机（如 023-59221234）", bootstyle="secondary")

    def apply(self):
        is_member = self.party_var.get()
        data = {
            "household": self.household, "name": self.value("name"),
            "id_number": self.value("id_number"), "phone": self.value("phone"),
            "relation": self.value("relation"), "is_party_member": is_member,
            "party_branch": self.value("party_branch"),
            "party_join_date": read_date(self.fields["party_join_date"], Resident.label("party_join_date"))
            if is_member else None,
            "categories": self.categories.chosen(),
            "note": self.value("note"),
        }
        if not self.value("id_number").strip():
            data["gender"] = self.fields["gender"].get()
            data["birth_date"] = read_date(self.fields["birth_date"], Resident.label("birth_date"))
        return roster.save_resident(data, self.resident)


def _set_date(widget: ttk.DateEntry, day: date | None) -> None:
    entry = widget.entry
    state = str(entry.cget("state"))
    entry.configure(state="normal")
    entry.delete(0, "end")
    if day is not None:
        entry.insert(0, f"{day:%Y-%m-%d}")
    entry.configure(state=state)


# ---- 注销 and 恢复在册 ------------------------------------------------------------------------

LEAVING_CHOICES = [(code, label) for code, label in RECORD_STATUSES if code != "active"]


class DeregisterDialog(FormDialog):
    """注销 a person (迁出, 死亡, 其他注销) or their whole household, saying first what else it
    does: pairings that end, council terms, grid roles, the household itself."""

    def __init__(self, master: tk.Misc, resident: Resident):
        self.resident = resident
        self.household = resident.household
        self.others = [p for p in self.household.members.order_by(Resident.id)
                       if p.status == "active" and p.id != resident.id]
        self.scope_var = tk.StringVar(value="person")
        super().__init__(master, f"注销：{resident.name}")
        self.save_button.configure(text="注销 (Ctrl+S)")

    def body(self, frame: ttk.Frame) -> None:
        r = self.resident
        ttk.Label(frame, text=f"{r.name}（与户主关系：{r.relation}）　{self.household.address}"
                              f"（{self.household.grid.name}）").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        scope = ttk.Frame(frame)
        ttk.Radiobutton(scope, text="只注销此人", value="person", variable=self.scope_var,
                        command=self.scope_changed).pack(anchor="w")
        whole = ttk.Radiobutton(scope, text=self._household_text(), value="household",
                                variable=self.scope_var, command=self.scope_changed)
        whole.pack(anchor="w")
        self.add_field(frame, "scope", "注销范围", scope)
        status = ttk.Combobox(frame, state="readonly", width=16)
        status.bind("<<ComboboxSelected>>", lambda e: self.show_plan())
        self.add_field(frame, "status", "注销原因", status)
        day = date_entry(frame, date.today())
        day.entry.bind("<FocusOut>", lambda e: self.show_plan())
        day.entry.bind("<KeyRelease>", lambda e: self.show_plan())
        day.bind("<<DateEntrySelected>>", lambda e: self.show_plan(), add="+")
        self.add_field(frame, "status_on", Resident.label("status_on"), day,
                       hint="迁出或去世的日期，不能晚于今天")
        self.entry(frame, "status_note", Resident.label("status_note"), "",
                   hint="如：迁往城口县葛城街道；户口已注销。选“其他注销”时必填")
        self.plan = ttk.Label(frame, text="", justify="left", wraplength=440)
        self.plan.grid(row=self._row, column=0, columnspan=2, sticky="w", pady=(8, 0))
        self._row += 1
        ttk.Label(frame, text="注销不删除记录：此人的结对帮扶、走访、纠纷和报备都保留，并标明“已迁出”等。"
                              "录错的人才用“删除”。", bootstyle="secondary", wraplength=440,
                  justify="left").grid(row=self._row, column=0, columnspan=2, sticky="w", pady=(4, 0))
        self._row += 1
        self.scope_changed()

    def _household_text(self) -> str:
        if not self.others:
            return "整户注销（这一户只有此人在册）"
        names = "、".join(p.name for p in self.others[:5]) + ("等" if len(self.others) > 5 else "")
        return f"整户注销（连同{names}，共{len(self.others) + 1}人）"

    def scope_changed(self) -> None:
        box = self.fields["status"]
        whole = self.scope_var.get() == "household"
        self.choices = [(c, label) for c, label in LEAVING_CHOICES
                        if not whole or c in roster.HOUSEHOLD_LEAVING]
        current = box.get()
        box.configure(values=[label for _, label in self.choices])
        labels = [label for _, label in self.choices]
        box.set(current if current in labels else labels[0])
        self.show_plan()

    def data(self) -> dict:
        labels = {label: code for code, label in self.choices}
        return {"status": labels.get(self.fields["status"].get(), ""),
                "status_on": read_date(self.fields["status_on"], Resident.label("status_on")),
                "status_note": self.value("status_note")}

    def _run(self, apply: bool):
        data = self.data()
        if self.scope_var.get() == "household":
            return leaving.deregister_household(self.household, data, apply=apply)
        return leaving.deregister_resident(self.resident, data, apply=apply)

    def show_plan(self) -> None:
        """What the 注销 will do, before it is done (or why it cannot be as typed)."""
        try:
            lines = self._run(apply=False).warnings
        except ValidationError as exc:
            self.plan.configure(text="⚠" + exc.message, bootstyle="warning")
            return
        text = "注销后：\n" + "\n".join(f"•{line}。" for line in lines) if lines else \
            "注销后：此人不再算在户数、人数、党员数和各项规则里。"
        self.plan.configure(text=text, bootstyle="default")

    def apply(self):
        return self._run(apply=True)


class RestoreDialog(FormDialog):
    """恢复在册: someone 注销 by mistake, or who came back; with the household when it left."""

    def __init__(self, master: tk.Misc, resident: Resident):
        self.resident = resident
        self.household = resident.household
        leavers = leaving.household_leavers(self.household)
        self.with_them = [p for p in leavers if p.id != resident.id]
        self.whole_var = tk.BooleanVar(value=bool(self.with_them))
        super().__init__(master, f"恢复在册：{resident.name}")
        self.save_button.configure(text="恢复在册 (Ctrl+S)")

    def body(self, frame: ttk.Frame) -> None:
        r = self.resident
        when = f"{r.status_on:%Y-%m-%d}" if r.status_on else ""
        note = f"（{r.status_note}）" if r.status_note else ""
        ttk.Label(frame, text=f"{r.name}：{when}{roster.STATUS_LABELS.get(r.status, '')}{note}",
                  wraplength=440, justify="left").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        if self.with_them:
            names = "、".join(p.name for p in self.with_them)
            self.add_field(frame, "whole", "整户", ttk.Checkbutton(
                frame, text=f"同时恢复与这一户一起注销的{names}", variable=self.whole_var))
        ttk.Label(frame, text=leaving.REJOIN_NOTE + "。", bootstyle="secondary", wraplength=440,
                  justify="left").grid(row=self._row, column=0, columnspan=2, sticky="w")
        self._row += 1

    def apply(self):
        if self.with_them and self.whole_var.get():
            result = leaving.restore_household(self.household)
            person = Resident.get_by_id(self.resident.id)
            if person.status != "active":  # they left before the household did
                result.warnings[:0] = leaving.restore_resident(person).warnings[:-1]
            return result
        return leaving.restore_resident(self.resident)
