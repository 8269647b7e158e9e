"""Random days at the office PC (Hypothesis state machine): accounts of every role add, rename,
deregister, restore and delete people, some try what their role may not, some type wrong
passwords. After every step the audit trail is whole, and read back it tells the story of each
person as the register holds it now: the last name recorded is the name on the register, a
removed person's last row is its deletion, and a refused step left no trace."""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.roster.leaving import deregister_resident, restore_resident
from dongan_desk.store import accounts, audit, session
from dongan_desk.store.database import close_database
from dongan_desk.store.models import AuditEntry, Grid, Resident
from dongan_desk.store.opening import open_database
from dongan_desk.units import UnitSpec, setup_village

NAMES = st.sampled_from(["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "𠮷祥"])
USERS = {"张文书": ("admin", "zhang-2026"), "李录入": ("clerk", "li-lu-2026"),
         "王查看": ("viewer", "wang-ck-2026")}


class OfficeDays(RuleBasedStateMachine):
    @initialize()
    def open_office(self):
        self.folder = tempfile.TemporaryDirectory()
        open_database(Path(self.folder.name) / "dongan.db")
        village = setup_village(UnitSpec("兴田村", "兴田", "500229115001"))
        accounts.create_first_admin("张文书", USERS["张文书"][1])
        accounts.login("张文书", USERS["张文书"][1])
        for name, (role, password) in USERS.items():
            if role != "admin":
                accounts.add_account(name, password, role)
        parent = Grid.get(Grid.unit == village, Grid.level == 2)
        grid = roster.save_grid({"name": "上院子", "parent": parent}).record
        self.household = roster.save_household({"grid": grid, "address": "兴田村1组"}).record
        self.refused = 0
        self.clock = dt.datetime.now()

    def teardown(self):
        session.end()
        close_database()
        self.folder.cleanup()

    def _rows(self) -> int:
        return AuditEntry.select().count()

    @rule(user=st.sampled_from(sorted(USERS)), right=st.booleans())
    def log_in(self, user, right):
        role, password = USERS[user]
        self.clock += dt.timedelta(hours=1)  # past any wait the wrong tries before began
        try:
            accounts.login(user, password if right else "not-" + password, when=self.clock)
        except accounts.LoginRefused:
            assert not right

    def _people(self) -> list[Resident]:
        return list(Resident.select().order_by(Resident.id))

    def _attempt(self, write) -> None:
        """A write as the account at the keyboard: a 查看员's is refused and leaves no row."""
        before = self._rows()
        try:
            write()
        except ValidationError:
            if session.current().role == "viewer":
                assert self._rows() == before
                self.refused += 1
                return
            raise
        assert session.current().role != "viewer"

    @rule(name=NAMES)
    def add_person(self, name):
        relation = "户主" if not self._people() else "其他"
        self._attempt(lambda: roster.save_resident(
            {"household": self.household, "name": name, "relation": relation, "gender": "女",
             "birth_date": dt.date(1980, 1, 1)}))

    @precondition(lambda self: self._people())
    @rule(index=st.integers(0, 50), name=NAMES)
    def rename(self, index, name):
        person = self._people()[index % len(self._people())]
        self._attempt(lambda: roster.save_resident(
            {"household": self.household, "name": name, "relation": person.relation,
             "gender": person.gender, "birth_date": person.birth_date}, person))

    @precondition(lambda self: self._people())
    @rule(index=st.integers(0, 50))
    def deregister_or_restore(self, index):
        person = self._people()[index % len(self._people())]
        if person.status == "active":
            self._attempt(lambda: deregister_resident(
                person, {"status": "moved", "status_on": dt.date(2026, 11, 30)},
                today=dt.date(2026, 12, 1)))
        else:
            self._attempt(lambda: restore_resident(person))

    @precondition(lambda self: self._people())
    @rule(index=st.integers(0, 50))
    def delete(self, index):
        person = self._people()[index % len(self._people())]
        self._attempt(lambda: roster.delete_resident(person))

    @invariant()
    def the_chain_is_whole(self):
        if hasattr(self, "household"):
            assert audit.verify_chain() == []

    @invariant()
    def the_trail_tells_each_persons_story(self):
        if not hasattr(self, "household"):
            return
        story: dict[str, dict] = {}
        for entry in AuditEntry.select().where(AuditEntry.record_type == "人员").order_by(AuditEntry.id):
            person = story.setdefault(entry.record_uid, {})
            person["last"] = entry.action
            for label, _old, new in json.loads(entry.changes or "[]"):
                if entry.action != "delete":
                    person[label] = new
        on_register = {p.uid: p for p in self._people()}
        for uid, told in story.items():
            if uid in on_register:
                person = on_register[uid]
                assert told["姓名"] == person.name
                assert told["在册状态"] == Resident.choice_label("status", person.status)
            else:
                assert told["last"] == "delete"
        assert set(on_register) <= set(story)


OfficeDays.TestCase.settings = settings(max_examples=15, stateful_step_count=30, deadline=None,
                                        derandomize=True,
                                        suppress_health_check=[HealthCheck.too_slow])
test_office_days = OfficeDays.TestCase
