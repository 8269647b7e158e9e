"""The head of a village's audit trail travels, sealed, on the 说明 page (DESIGN §2): the township
keeps it, and a trail rewritten or cut short after a 报送 is said at the next one — even when a
package in between never reached the township."""
from __future__ import annotations

import datetime as dt

from dongan_desk.exchange.import_jobs import check_file, import_checked
from dongan_desk.exchange.package import export_package
from dongan_desk.ledgers.roster import rules
from dongan_desk.store import audit
from dongan_desk.store.database import db
from dongan_desk.store.models import Resident
from dongan_desk.units import home_unit

from tests.exchange.conftest import stick, township_pc, village_pc  # noqa: F401 - fixtures

REWRITTEN, SHORTER = "被改写过", "比上次报送时少了"


def rename_someone(name: str) -> None:
    person = Resident.select().order_by(Resident.id).first()
    rules.save_resident({"household": person.household, "name": name, "relation": person.relation,
                         "gender": person.gender, "birth_date": person.birth_date,
                         "id_number": person.id_number}, person)


def send(village_pc, stick, when: dt.datetime):
    with village_pc.open():
        return export_package(home_unit(), stick, now=when).path


def receive(township_pc, path) -> list[str]:
    with township_pc.open():
        outcome = import_checked(check_file(path), "东安镇")
        assert outcome.status == "accepted", outcome.message
        return outcome.preview.notes


def rewrite_the_trail_from(row_id: int) -> None:
    """What a tool outside the program could do: edit a row and re-hash the chain after it."""
    db.execute_sql('DROP TRIGGER "audit_entry_no_update"')
    db.execute_sql("UPDATE audit_entry SET detail = '改过' WHERE id = ?", (row_id,))
    previous = audit.hash_at(row_id - 1)
    for row in db.execute_sql("SELECT id, at, account, action, record_type, record_uid, "
                              "record_name, changes, detail FROM audit_entry WHERE id >= ? "
                              "ORDER BY id", (row_id,)).fetchall():
        data = dict(zip(("id", "at", "account", "action", "record_type", "record_uid",
                         "record_name", "changes", "detail"), row))
        previous = audit.entry_hash(previous, data)
        db.execute_sql("UPDATE audit_entry SET hash = ? WHERE id = ?", (previous, row[0]))
    audit.forget_verified()


def test_a_trail_that_goes_on_says_nothing_month_after_month(village_pc, township_pc, stick):
    for month in range(1, 4):
        with village_pc.open():
            rename_someone(f"改名{month}")
        notes = receive(township_pc, send(village_pc, stick, dt.datetime(2026, month, 28, 10)))
        assert not [n for n in notes if REWRITTEN in n or SHORTER in n]


def test_a_trail_rewritten_after_a_report_is_said_at_the_next(village_pc, township_pc, stick):
    with village_pc.open():
        rename_someone("张一")
    receive(township_pc, send(village_pc, stick, dt.datetime(2026, 10, 28, 10)))
    with village_pc.open():
        rename_someone("张二")
        rewrite_the_trail_from(1)
        assert audit.verify_chain() == []  # whole again: this PC alone cannot tell
    notes = receive(township_pc, send(village_pc, stick, dt.datetime(2026, 11, 28, 10)))
    assert any(REWRITTEN in n for n in notes)


def test_a_lost_package_in_between_does_not_hide_a_rewrite(village_pc, township_pc, stick):
    receive(township_pc, send(village_pc, stick, dt.datetime(2026, 9, 28, 10)))
    with village_pc.open():
        rename_someone("李一")
    send(village_pc, stick, dt.datetime(2026, 10, 28, 10))  # never reaches the township
    with village_pc.open():
        rename_someone("李二")
        rewrite_the_trail_from(2)
    notes = receive(township_pc, send(village_pc, stick, dt.datetime(2026, 11, 28, 10)))
    assert any(REWRITTEN in n for n in notes)


def test_a_trail_cut_short_is_said(village_pc, township_pc, stick):
    with village_pc.open():
        rename_someone("王一")
        rename_someone("王二")
    receive(township_pc, send(village_pc, stick, dt.datetime(2026, 10, 28, 10)))
    with village_pc.open():
        last, _ = audit.chain_head()
        db.execute_sql('DROP TRIGGER "audit_entry_no_delete"')
        db.execute_sql("DELETE FROM audit_entry WHERE id > ?", (last - 5,))
    notes = receive(township_pc, send(village_pc, stick, dt.datetime(2026, 11, 28, 10)))
    assert any(SHORTER in n for n in notes)
