"""The audit trail as the 管理员 reads it: every save, delete and status change of a record is one
row naming who, which record and what each field was and became; rows cannot be changed or
removed, and a change made outside the program breaks the chain where it was made."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from peewee import IntegrityError, OperationalError

from dongan_desk.errors import ValidationError
from dongan_desk.findings import all_findings
from dongan_desk.ledgers.roster import rules
from dongan_desk.ledgers.roster.leaving import deregister_resident, restore_resident
from dongan_desk.store import audit, session
from dongan_desk.store.database import db
from dongan_desk.store.models import AuditEntry, Category, Grid, Resident
from dongan_desk.store.session import Session

CLERK = Session("李录入", "clerk", 2)
VIEWER = Session("王查看", "viewer", 3)


def rows(action: str | None = None) -> list[AuditEntry]:
    query = AuditEntry.select().order_by(AuditEntry.id)
    return list(query.where(AuditEntry.action == action) if action else query)


def changes(entry: AuditEntry) -> dict[str, tuple[str, str]]:
    return {label: (old, new) for label, old, new in json.loads(entry.changes or "[]")}


@pytest.fixture
def household(village):
    village_grid = Grid.get(Grid.unit == village, Grid.level == 2)
    courtyard = rules.save_grid({"name": "上院子", "parent": village_grid}).record
    return rules.save_household({"grid": courtyard, "address": "兴田村1组3号"}).record


def add_person(household, name="张三", **extra):
    relation = "户主" if not Resident.select().where(Resident.household == household).exists() else "子"
    return rules.save_resident({"household": household, "name": name, "relation": relation,
                                "gender": "男", "birth_date": dt.date(1970, 5, 1), **extra}).record


def test_a_new_record_is_one_row_with_who_and_what_it_holds(household):
    with session.acting_as(CLERK):
        person = add_person(household)
    last = rows()[-1]
    assert (last.account, last.action, last.record_type, last.record_name) == \
        ("李录入", "create", "人员", "张三")
    assert last.record_uid == person.uid
    assert changes(last)["姓名"] == ("", "张三")
    assert changes(last)["出生日期"] == ("", "1970-05-01")


def test_a_change_names_each_field_before_and_after_and_nothing_else(household):
    person = add_person(household)
    with session.acting_as(CLERK):
        rules.save_resident({"household": household, "name": "张叁", "relation": "户主",
                             "gender": "男", "birth_date": dt.date(1970, 5, 1),
                             "phone": "13812345678"}, person)
    last = rows()[-1]
    assert last.action == "update" and last.account == "李录入"
    assert changes(last) == {"姓名": ("张三", "张叁"),
                             Resident.label("phone"): ("", "13812345678")}
    assert "修改时间" not in changes(last)


def test_saving_without_a_change_writes_no_row(household):
    person = add_person(household)
    before = len(rows())
    rules.save_resident({"household": household, "name": "张三", "relation": "户主", "gender": "男",
                         "birth_date": dt.date(1970, 5, 1)}, person)
    assert len(rows()) == before


def test_categories_put_on_a_person_are_a_change_of_that_person(household, village):
    drug = Category.get(Category.unit == village, Category.name == "吸毒人员")
    person = add_person(household)
    rules.save_resident({"household": household, "name": "张三", "relation": "户主", "gender": "男",
                         "birth_date": dt.date(1970, 5, 1), "categories": [drug.id]}, person)
    last = rows()[-1]
    assert (last.record_name, changes(last)) == ("张三", {"困难群体 / 特殊群体": ("", "吸毒人员")})


def test_deregistering_is_a_status_change_and_restoring_another(household):
    person = add_person(household, name="李四")
    deregister_resident(person, {"status": "moved", "status_on": dt.date(2026, 11, 1),
                                 "status_note": "迁往县城"}, today=dt.date(2026, 12, 1))
    status_rows = [r for r in rows("status") if r.record_name == "李四"]
    assert status_rows and changes(status_rows[-1])["在册状态"] == ("在册", "迁出")
    restore_resident(Resident.get_by_id(person.id))
    assert changes(rows("status")[-1])["在册状态"] == ("迁出", "在册")


def test_a_delete_keeps_what_the_record_held(household):
    person = add_person(household, name="王五")
    rules.delete_resident(person)
    last = rows()[-1]
    assert (last.action, last.record_name) == ("delete", "王五")
    assert changes(last)["姓名"] == ("王五", "")


def test_a_viewer_cannot_write_and_nothing_is_recorded_or_changed(household):
    person = add_person(household)
    before = len(rows())
    with session.acting_as(VIEWER), pytest.raises(ValidationError) as refused:
        rules.save_resident({"household": household, "name": "改名", "relation": "户主",
                             "gender": "男", "birth_date": dt.date(1970, 5, 1)}, person)
    assert "只能查看" in refused.value.message
    with session.acting_as(VIEWER), pytest.raises(ValidationError):
        rules.delete_resident(person)
    assert Resident.get_by_id(person.id).name == "张三" and len(rows()) == before


def test_a_failed_save_leaves_no_row(household):
    before = len(rows())
    with pytest.raises(ValidationError):
        rules.save_resident({"household": household, "name": "", "relation": "户主"})
    assert len(rows()) == before


def test_the_database_refuses_to_change_or_remove_a_row(household):
    add_person(household)
    with pytest.raises((IntegrityError, OperationalError), match="只能追加"):
        db.execute_sql("UPDATE audit_entry SET account = '别人' WHERE id = 1")
    with pytest.raises((IntegrityError, OperationalError), match="只能追加"):
        db.execute_sql("DELETE FROM audit_entry WHERE id = 1")
    assert audit.verify_chain() == []


def _outside_the_program(statement: str) -> None:
    """What a tool like DB Browser could do: drop the triggers and write."""
    db.execute_sql('DROP TRIGGER "audit_entry_no_update"')
    db.execute_sql('DROP TRIGGER "audit_entry_no_delete"')
    db.execute_sql(statement)


def test_an_edited_row_is_found_by_check(household, village):
    add_person(household)
    add_person(household, name="赵六")
    assert not [f for f in all_findings() if f.rule == "审计记录被改动"]
    _outside_the_program("UPDATE audit_entry SET account = '别人' WHERE id = 3")
    audit.forget_verified()
    found = [f for f in all_findings() if f.rule == "审计记录被改动"]
    assert [f.message.split("。")[0] for f in found] == ["第 3 条审计记录与原来的不一致（被改动过）"]
    assert found[0].unit == village.name


def test_a_deleted_row_is_found_by_check(household):
    add_person(household)
    add_person(household, name="赵六")
    _outside_the_program("DELETE FROM audit_entry WHERE id = 2")
    audit.forget_verified()
    messages = [f.message for f in all_findings() if f.rule == "审计记录被改动"]
    assert any("第 2 至 2 条审计记录不见了" in m for m in messages)


def test_a_row_recomputed_to_hide_an_edit_still_breaks_the_next_one(household):
    add_person(household)
    add_person(household, name="赵六")
    first = AuditEntry.get_by_id(2)
    forged = dict(first.__data__, account="别人")
    forged["hash"] = audit.entry_hash(AuditEntry.get_by_id(1).hash, forged)
    _outside_the_program(f"UPDATE audit_entry SET account = '别人', hash = '{forged['hash']}' "
                         "WHERE id = 2")
    assert [p.entry_id for p in audit.verify_chain()] == [3]


def test_check_watches_rows_added_after_the_first_check(household):
    add_person(household)
    assert audit.verify_new_rows() == []
    add_person(household, name="赵六")
    _outside_the_program("UPDATE audit_entry SET detail = '改过' WHERE id = 1")
    # the row checked last is unchanged, so only new rows are read ... until the next start
    assert audit.verify_new_rows() == []
    audit.forget_verified()
    assert [p.entry_id for p in audit.verify_new_rows()] == [1]


def test_search_finds_by_name_account_action_and_day(household):
    with session.acting_as(CLERK):
        add_person(household, name="孙七")
    page, total = audit.search(text="孙七")
    assert total == 1 and page[0].record_name == "孙七"
    assert audit.search(account="李录入")[1] == 1
    assert audit.search(action="create")[1] == len(rows("create"))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert audit.search(since=tomorrow)[1] == 0
    assert audit.search(until=dt.date.today())[1] == len(rows())
    assert "；姓名：（空） → 孙七；" in audit.changes_text(page[0])


def test_only_the_admin_reads_the_trail(household):
    with session.acting_as(CLERK), pytest.raises(ValidationError, match="只有管理员"):
        audit.search()
