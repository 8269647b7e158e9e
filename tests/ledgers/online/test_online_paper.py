"""网络舆情 on paper and on the USB stick: the sample, the sheets read back with openpyxl, the
prints read with pypdf and rendered, the 报送包 round trip, the upgrade of a schema-3 database."""
import shutil
import sqlite3
import subprocess
from datetime import date, datetime, timedelta

from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.package import export_package
from dongan_desk.exchange.reader import read_package
from dongan_desk.findings import all_findings
from dongan_desk.ledgers.online import documents, sheets
from dongan_desk.ledgers.online.models import ChatGroup, GroupAdmin, GroupAssignment, OpinionIncident
from dongan_desk.store import migrations
from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database
from dongan_desk.units import home_unit
from tests.exchange.conftest import stick, township_pc, village_pc  # noqa: F401
from tests.fixtures import FIXTURES

TODAY = date.today()


def test_the_sample_village_has_groups_admins_and_a_year_of_incidents(village_pc):
    with village_pc.open():
        assert 3 <= ChatGroup.select().count() <= 5
        assert GroupAdmin.select().count() == 2 and GroupAssignment.select().count() >= 3
        assert OpinionIncident.select().count() == 30
        rules = {f.rule for f in all_findings()}
        assert "舆情逾期未上报" in rules
        levels = {i.level for i in OpinionIncident.select()}
        assert levels == {"general", "major", "grave"}


def test_the_report_sheets_read_back(village_pc, tmp_path):
    with village_pc.open():
        unit = home_unit()
        wb = Workbook()
        for title, fill in sheets.report_sheets(unit, TODAY):
            fill(wb.create_sheet(title))
        wb.save(tmp_path / "r.xlsx")
        expected = OpinionIncident.select().where(OpinionIncident.found_at >= datetime(TODAY.year, 1, 1)).count()
    wb = load_workbook(tmp_path / "r.xlsx")
    ws = wb[sheets.REGISTER_TITLE]
    assert ws["A1"].value.startswith(f"{unit.name}网络舆情登记表（{TODAY.year}年1月1日至")
    header = [c.value for c in ws[3]]
    assert header[:3] == ["序号", "发现时间", "发现途径"] and "上报情况" in header
    data = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert len(data) == expected
    assert "逾期未上报" in [r[header.index("上报情况")] for r in data]
    roster = wb[sheets.ROSTER_TITLE]
    values = [c for row in roster.iter_rows(values_only=True) for c in row if c]
    assert "网络管理员" in values and any(str(v).endswith("村民群") for v in values)


def test_the_township_summary_counts_by_village_and_month(village_pc, township_pc, stick, tmp_path):
    with village_pc.open():
        path = export_package(home_unit(), stick).path
        total = OpinionIncident.select().where(OpinionIncident.found_at >= datetime(TODAY.year, 1, 1)).count()
        source = sorted((i.uid, i.subject, i.found_at, i.reported_at) for i in OpinionIncident.select())
    with township_pc.open():
        apply(preview(read_package(path)))
        arrived = sorted((i.uid, i.subject, i.found_at, i.reported_at) for i in OpinionIncident.select())
        from dongan_desk.units import villages
        specs = sheets.summary_sheets(villages(), TODAY, {"unit_name": "东安镇", "period": "本年"})
        assert [s.sheet for s in specs] == ["网络舆情", "舆情按月统计"]
        by_unit = {row[0]: row for row in specs[0].rows}
        row = by_unit["东安社区（示例）"]
        assert row[1] >= 3 and row[2] == 2 and row[-2] == total
        assert sum(r[-3] for r in specs[1].rows) == total
        assert any(f.rule == "舆情逾期未上报" for f in all_findings())  # the township sees it too
    assert arrived == source and len(source) == 30


def test_the_register_and_the_roster_print(village_pc, tmp_path):
    with village_pc.open():
        unit = home_unit()
        last = OpinionIncident.select().order_by(OpinionIncident.found_at.desc()).first().found_at
        first = datetime(last.year, last.month, 1)
        rows = sheets.register_rows([unit.id], first, first + timedelta(days=32))
        register = documents.write_incident_register(
            tmp_path / "reg.pdf", unit_name=unit.name, period=f"{first.year}年{first.month}月",
            headers=sheets.REGISTER_HEADERS, rows=rows, printed_on=TODAY,
            limit_text="重大舆情发现后2小时内、较大舆情24小时内上报镇里")
        roster = documents.write_admin_roster(
            tmp_path / "roster.pdf", unit_name=unit.name, group_headers=sheets.GROUP_HEADERS,
            groups=sheets.group_table(unit.id, TODAY), admin_headers=sheets.ADMIN_HEADERS,
            admins=sheets.admin_table(unit.id, TODAY), printed_on=TODAY)
        admins = [a.name for a in GroupAdmin.select()]
    text = "".join(p.extract_text() for p in PdfReader(register).pages)
    assert "网络舆情登记簿" in text and rows[0][5] in text.replace("\n", "")
    text = "".join(p.extract_text() for p in PdfReader(roster).pages)
    assert "网络管理员及村级网络群名册" in text and all(name in text for name in admins)
    for pdf in (register, roster):
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / pdf.stem)], check=True)
        assert list(tmp_path.glob(f"{pdf.stem}*.png"))


def test_a_schema3_village_gets_the_online_tables_empty_and_keeps_every_record(tmp_path):
    path = tmp_path / "village.db"
    shutil.copy(FIXTURES / "schema3" / "village.db", path)
    with sqlite3.connect(path) as con:
        before = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                  for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    database = open_database(path)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION == 5
        assert OpinionIncident.select().count() == ChatGroup.select().count() == 0
        with sqlite3.connect(path) as con:
            for table, count in before.items():
                if table != "audit_entry":
                    assert con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count, table
    finally:
        close_database()
