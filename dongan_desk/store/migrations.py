"""Schema versions, as functions in code (a frozen build has no migration files to glob).

``PRAGMA user_version`` holds the schema version. A new, empty database gets every table of
``ALL_MODELS`` at once and the current version. An older database is brought up step by step by
``UPGRADES[n]`` (from version n-1 to n), each step in one transaction with its version bump, so a
power cut leaves the old or the new schema, never half of one.

Rule for the future: once a version has been handed to an office, any change to a model's table
bumps ``SCHEMA_VERSION`` and adds the upgrade step that makes the old table into the new one.
"""
from __future__ import annotations

from typing import Callable

from peewee import SqliteDatabase

from .database import DatabaseError
from ..ledgers.registry import ALL_MODELS
from .access_codes import new_access_code
from .models.base import new_uid, now

SCHEMA_VERSION = 5


def _v2_sealed_packages(db: SqliteDatabase) -> None:
    """Issue 10: 接入码 that seal the packages, this PC's own facts, the reason of a re-baseline.
    A township lists its villages already: each gets its 接入码 now (shown in 镇级汇总).
    Plain SQL, frozen as of this version: the models may change later, this step must not."""
    for statement in (
        'CREATE TABLE "access_code" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "unit_id" INTEGER NOT NULL, '
        '"code" VARCHAR(255) NOT NULL, "issued_at" DATETIME NOT NULL, '
        'FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX "access_code_uid" ON "access_code" ("uid")',
        'CREATE UNIQUE INDEX "access_code_unit_id" ON "access_code" ("unit_id")',
        'CREATE TABLE "local_value" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "key" VARCHAR(255) NOT NULL, '
        '"value" TEXT NOT NULL)',
        'CREATE UNIQUE INDEX "local_value_uid" ON "local_value" ("uid")',
        'CREATE UNIQUE INDEX "local_value_key" ON "local_value" ("key")',
        'ALTER TABLE "import_record" ADD COLUMN "rebaseline_reason" TEXT NOT NULL DEFAULT \'\'',
        'ALTER TABLE "import_record" ADD COLUMN "sealed" INTEGER NOT NULL DEFAULT 0',
    ):
        db.execute_sql(statement)
    town = db.execute_sql("SELECT id FROM unit WHERE is_home = 1 AND kind = 'town'").fetchone()
    if town is not None:
        stamp = now()
        for (village_id,) in db.execute_sql("SELECT id FROM unit WHERE kind = 'village'").fetchall():
            db.execute_sql('INSERT INTO "access_code" (uid, created_at, updated_at, unit_id, code, '
                           "issued_at) VALUES (?, ?, ?, ?, ?, ?)",
                           (new_uid(), stamp, stamp, village_id, new_access_code(), stamp))


def _v3_register_status_and_extensions(db: SqliteDatabase) -> None:
    """Issue 12: 在册状态 of households and residents (everyone on the register now is 在册), and
    a mediation case's extended limit (none yet)."""
    for table in ("household", "resident"):
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "status" VARCHAR(255) NOT NULL DEFAULT \'active\'')
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "status_on" DATE')
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "status_note" VARCHAR(255) NOT NULL DEFAULT \'\'')
    db.execute_sql('ALTER TABLE "dispute" ADD COLUMN "extended_to" DATE')
    db.execute_sql('ALTER TABLE "dispute" ADD COLUMN "extended_on" DATE')
    db.execute_sql('ALTER TABLE "dispute" ADD COLUMN "extension_reason" TEXT NOT NULL DEFAULT \'\'')
    db.execute_sql('ALTER TABLE "dispute" ADD COLUMN "extension_consent" INTEGER NOT NULL DEFAULT 0')


# The audit trail is append-only: the database itself refuses to change or remove a row.
AUDIT_TRIGGERS = (
    'CREATE TRIGGER "audit_entry_no_update" BEFORE UPDATE ON "audit_entry" '
    "BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END",
    'CREATE TRIGGER "audit_entry_no_delete" BEFORE DELETE ON "audit_entry" '
    "BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END",
)


def _v4_accounts_and_audit(db: SqliteDatabase) -> None:
    """Issue 13: accounts, the append-only audit trail, and which categories are sensitive
    (the 特殊群体 ones, as a new unit gets them). The 管理员 is made at the next start."""
    for statement in (
        'CREATE TABLE "account" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"name" VARCHAR(255) NOT NULL, "full_name" VARCHAR(255) NOT NULL, '
        '"role" VARCHAR(255) NOT NULL, "password_hash" VARCHAR(255) NOT NULL, '
        '"active" INTEGER NOT NULL, "must_change" INTEGER NOT NULL, "last_login" DATETIME)',
        'CREATE UNIQUE INDEX "account_uid" ON "account" ("uid")',
        'CREATE UNIQUE INDEX "account_name" ON "account" ("name")',
        'CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, '
        '"account" VARCHAR(255) NOT NULL, "action" VARCHAR(255) NOT NULL, '
        '"record_type" VARCHAR(255) NOT NULL, "record_uid" VARCHAR(255) NOT NULL, '
        '"record_name" VARCHAR(255) NOT NULL, "changes" TEXT NOT NULL, "detail" TEXT NOT NULL, '
        '"hash" VARCHAR(255) NOT NULL)',
        *AUDIT_TRIGGERS,
        'ALTER TABLE "category" ADD COLUMN "sensitive" INTEGER NOT NULL DEFAULT 0',
        'UPDATE "category" SET "sensitive" = 1 WHERE "group" = \'special\'',
    ):
        db.execute_sql(statement)


def _v5_covenant(db: SqliteDatabase) -> None:
    """Issue 14, 村规民约: the versions of a village's covenant with their chapters and clauses,
    the steps of each version's path, and its delivery to the households (none yet)."""
    for statement in (
        'CREATE TABLE "village_covenant" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "unit_id" INTEGER NOT NULL, "version" INTEGER NOT NULL, '
        '"title" VARCHAR(255) NOT NULL, "preamble" TEXT NOT NULL, "is_current" INTEGER NOT NULL, '
        '"adopted_on" DATE, "filed_on" DATE, "posted_on" DATE, "superseded_on" DATE, '
        '"note" TEXT NOT NULL, '
        'FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX "village_covenant_uid" ON "village_covenant" ("uid")',
        'CREATE INDEX "village_covenant_unit_id" ON "village_covenant" ("unit_id")',
        'CREATE UNIQUE INDEX "village_covenant_unit_id_version" ON "village_covenant" ("unit_id",'
        ' "version")',
        'CREATE UNIQUE INDEX "village_covenant_one_current" ON "village_covenant" ("unit_id") WHERE "is_current" = 1',
        'CREATE TABLE "covenant_chapter" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "covenant_id" INTEGER NOT NULL, '
        '"number" INTEGER NOT NULL, "title" VARCHAR(255) NOT NULL, '
        'FOREIGN KEY ("covenant_id") REFERENCES "village_covenant" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX "covenant_chapter_uid" ON "covenant_chapter" ("uid")',
        'CREATE INDEX "covenant_chapter_covenant_id" ON "covenant_chapter" ("covenant_id")',
        'CREATE UNIQUE INDEX "covenant_chapter_covenant_id_number" '
        'ON "covenant_chapter" ("covenant_id", "number")',
        'CREATE TABLE "covenant_clause" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "chapter_id" INTEGER NOT NULL, '
        '"number" INTEGER NOT NULL, "text" TEXT NOT NULL, '
        'FOREIGN KEY ("chapter_id") REFERENCES "covenant_chapter" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX "covenant_clause_uid" ON "covenant_clause" ("uid")',
        'CREATE INDEX "covenant_clause_chapter_id" ON "covenant_clause" ("chapter_id")',
        'CREATE UNIQUE INDEX "covenant_clause_chapter_id_number" ON "covenant_clause" ("chapter_id", "number")',
        'CREATE TABLE "covenant_step" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "covenant_id" INTEGER NOT NULL, '
        '"kind" VARCHAR(255) NOT NULL, "held_on" DATE NOT NULL, "record" TEXT NOT NULL, '
        '"opinion_count" INTEGER, "sources" TEXT NOT NULL, "due_count" INTEGER, '
        '"present_count" INTEGER, "agree_count" INTEGER, "against_count" INTEGER, '
        '"abstain_count" INTEGER, "review_result" VARCHAR(255) NOT NULL, '
        '"opinion" TEXT NOT NULL, "place" TEXT NOT NULL, '
        'FOREIGN KEY ("covenant_id") REFERENCES "village_covenant" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX "covenant_step_uid" ON "covenant_step" ("uid")',
        'CREATE INDEX "covenant_step_covenant_id" ON "covenant_step" ("covenant_id")',
        'CREATE UNIQUE INDEX "covenant_step_covenant_id_kind" ON "covenant_step" ("covenant_id", '
        '"kind")',
        'CREATE TABLE "covenant_delivery" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "unit_id" INTEGER NOT NULL, '
        '"covenant_id" INTEGER NOT NULL, "household_id" INTEGER NOT NULL, '
        '"form" VARCHAR(255) NOT NULL, "delivered_on" DATE NOT NULL, "receiver_id" INTEGER, '
        '"receiver_name" VARCHAR(255) NOT NULL, "deliverer" VARCHAR(255) NOT NULL, '
        '"note" TEXT NOT NULL, '
        'FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("covenant_id") REFERENCES "village_covenant" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("household_id") REFERENCES "household" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("receiver_id") REFERENCES "resident" ("id") ON DELETE SET NULL)',
        'CREATE UNIQUE INDEX "covenant_delivery_uid" ON "covenant_delivery" ("uid")',
        'CREATE INDEX "covenant_delivery_unit_id" ON "covenant_delivery" ("unit_id")',
        'CREATE INDEX "covenant_delivery_covenant_id" ON "covenant_delivery" ("covenant_id")',
        'CREATE INDEX "covenant_delivery_household_id" ON "covenant_delivery" ("household_id")',
        'CREATE INDEX "covenant_delivery_receiver_id" ON "covenant_delivery" ("receiver_id")',
        'CREATE UNIQUE INDEX "covenant_delivery_covenant_id_household_id" ON "covenant_delivery" '
        '("covenant_id", "household_id")',
    ):
        db.execute_sql(statement)


def _v5_online(db: SqliteDatabase) -> None:
    """Issue 14 (管控好线上线下): the village's groups, their 网络管理员 and who looks after which
    group, and the 舆情 log. New tables only: every existing record stays as it was."""
    for statement in (
        'CREATE TABLE "chat_group" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "unit_id" INTEGER NOT NULL, '
        '"platform" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "members" INTEGER NOT NULL, '
        '"purpose" VARCHAR(255) NOT NULL, "created_on" DATE, "active" INTEGER NOT NULL, '
        '"note" TEXT NOT NULL, FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE CASCADE)',
        'CREATE TABLE "group_admin" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "unit_id" INTEGER NOT NULL, '
        '"resident_id" INTEGER, "name" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, '
        '"appointed_on" DATE NOT NULL, "ended_on" DATE, "note" TEXT NOT NULL, '
        'FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("resident_id") REFERENCES "resident" ("id") ON DELETE SET NULL)',
        'CREATE TABLE "group_assignment" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"group_id" INTEGER NOT NULL, "admin_id" INTEGER NOT NULL, '
        'FOREIGN KEY ("group_id") REFERENCES "chat_group" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("admin_id") REFERENCES "group_admin" ("id") ON DELETE CASCADE)',
        'CREATE TABLE "opinion_incident" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"unit_id" INTEGER NOT NULL, "found_at" DATETIME NOT NULL, "channel" VARCHAR(255) NOT NULL, '
        '"group_id" INTEGER, "grid_id" INTEGER, "place" VARCHAR(255) NOT NULL, "finder_id" INTEGER, '
        '"finder_name" VARCHAR(255) NOT NULL, "finder_role" VARCHAR(255) NOT NULL, '
        '"subject" VARCHAR(255) NOT NULL, "summary" TEXT NOT NULL, "level" VARCHAR(255) NOT NULL, '
        '"is_dispute" INTEGER NOT NULL, "involved_id" INTEGER, "involved_names" VARCHAR(255) NOT NULL, '
        '"handling" TEXT NOT NULL, "handled_by" VARCHAR(255) NOT NULL, "handled_at" DATETIME, '
        '"reported_to" VARCHAR(255) NOT NULL, "reported_at" DATETIME, "late_reason" TEXT NOT NULL, '
        '"guidance" TEXT NOT NULL, "result" TEXT NOT NULL, "closed_on" DATE, "dispute_id" INTEGER, '
        '"note" TEXT NOT NULL, '
        'FOREIGN KEY ("unit_id") REFERENCES "unit" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("group_id") REFERENCES "chat_group" ("id") ON DELETE SET NULL, '
        'FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE SET NULL, '
        'FOREIGN KEY ("finder_id") REFERENCES "resident" ("id") ON DELETE SET NULL, '
        'FOREIGN KEY ("involved_id") REFERENCES "resident" ("id") ON DELETE SET NULL, '
        'FOREIGN KEY ("dispute_id") REFERENCES "dispute" ("id") ON DELETE SET NULL)',
    ):
        db.execute_sql(statement)
    for table, columns, unique in (
            ("chat_group", ("uid",), True), ("chat_group", ("unit_id",), False),
            ("group_admin", ("uid",), True), ("group_admin", ("unit_id",), False),
            ("group_admin", ("resident_id",), False),
            ("group_assignment", ("uid",), True), ("group_assignment", ("group_id",), False),
            ("group_assignment", ("admin_id",), False),
            ("group_assignment", ("group_id", "admin_id"), True),
            ("opinion_incident", ("uid",), True),
            *(("opinion_incident", (column,), False) for column in (
                "unit_id", "found_at", "group_id", "grid_id", "finder_id", "level", "involved_id",
                "dispute_id")),
            ("opinion_incident", ("unit_id", "found_at"), False)):
        name = "_".join((table, *columns))
        listed = ", ".join(f'"{c}"' for c in columns)
        db.execute_sql(f'CREATE {"UNIQUE " if unique else ""}INDEX "{name}" ON "{table}" ({listed})')


def _v5_covenant_and_online(db: SqliteDatabase) -> None:
    """Issue 14: two ledgers of the plan, built side by side, upgraded in one step."""
    _v5_covenant(db)
    _v5_online(db)


# version -> the step that upgrades a database from version-1 to it.
UPGRADES: dict[int, Callable[[SqliteDatabase], None]] = {2: _v2_sealed_packages,
                                                         3: _v3_register_status_and_extensions,
                                                         4: _v4_accounts_and_audit,
                                                         5: _v5_covenant_and_online}


def current_version(db: SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def _set_version(db: SqliteDatabase, version: int) -> None:
    db.execute_sql(f"PRAGMA user_version = {int(version)}")


def migrate(db: SqliteDatabase) -> int:
    """Create or upgrade the schema; returns how many steps were applied."""
    start = current_version(db)
    if start == 0 and not db.get_tables():
        with db.atomic():
            db.create_tables(ALL_MODELS)
            for statement in AUDIT_TRIGGERS:
                db.execute_sql(statement)
            _set_version(db, SCHEMA_VERSION)
        return 1
    if start == 0:
        raise DatabaseError("这个数据文件里有别的程序的表，不是东安台账的数据库，本程序不会改动它。"
                            "请换一个数据文件夹。")
    for version in range(start + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            UPGRADES[version](db)
            _set_version(db, version)
    return SCHEMA_VERSION - start
