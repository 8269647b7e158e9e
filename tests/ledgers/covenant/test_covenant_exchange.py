"""The 村规民约 travels in the 报送包 to the township, which sees it and sums it up; the 四调
ladder's 村规民约调 cites 条款 of the 现行 version on the 协议书; a schema-3 database upgrades."""
import shutil
import sqlite3
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.package import export_package
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.summary import write_summary
from dongan_desk.ledgers.covenant import citations, rules
from dongan_desk.ledgers.covenant.models import CovenantClause, CovenantDelivery, VillageCovenant
from dongan_desk.ledgers.covenant.versions import current_version
from dongan_desk.store import migrations
from dongan_desk.store.database import close_database
from dongan_desk.store.models import Unit
from dongan_desk.store.opening import open_database
from dongan_desk.units import home_unit

from tests.access_helpers import open_package
from tests.exchange.conftest import stick, township_pc, village_pc  # noqa: F401 - fixtures
from tests.fixtures import FIXTURES


def test_the_package_carries_the_covenant_to_the_township(village_pc, township_pc, stick, tmp_path):
    with village_pc.open():
        package = export_package(home_unit(), stick).path
        code = home_unit().code
        counts = (VillageCovenant.select().count(), CovenantClause.select().count(),
                  CovenantDelivery.select().count())
        found = {f.message for f in rules.covenant_findings(None)}
    sheets = open_package(package, read_only=True).sheetnames
    assert "村规民约制定情况" in sheets and "村规民约发放情况" in sheets
    with township_pc.open():
        apply(preview(read_package(package)))
        unit = Unit.get(Unit.code == code)
        assert (VillageCovenant.select().where(VillageCovenant.unit == unit).count(),
                CovenantClause.select().count(), CovenantDelivery.select().count()) == counts
        assert current_version(unit).version == 2
        assert found <= {f.message for f in rules.covenant_findings([unit.id])}
        write_summary(tmp_path / "summary.xlsx")
    ws = load_workbook(tmp_path / "summary.xlsx")["村规民约"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[1]}
    assert rows[unit.name][2] == "第2版" and rows[unit.name][3] == 59
    assert [r for name, r in rows.items() if name != unit.name and name != "合计"][0][2] == "无"


def test_the_agreement_shows_the_cited_clauses_of_the_current_covenant(database, tmp_path):
    from dongan_desk.ledgers.mediation.documents import write_agreement
    from dongan_desk.ledgers.mediation.queries import case_file
    from dongan_desk.ledgers.mediation.ladder import save_step
    from dongan_desk.ledgers.mediation.models import Dispute
    from dongan_desk.sample.town import build_sample
    home = build_sample("village")
    cited = citations.citation_text(home.id, [19, 22])
    assert cited.splitlines()[0].startswith("《东安社区村规民约》（第2版，")
    assert "第十九条：" in cited and "第二十二条：" in cited
    dispute = next(d for d in Dispute.select().where(Dispute.status == "open", Dispute.start_tier == 1)
                   if not d.steps.exists())
    today = date.today()
    save_step(dispute, {"held_on": dispute.accepted_on, "mediators": "王院落长", "record": "院落调解未成",
                        "result": "escalate", "escalation_reason": "双方分歧较大"}, today=today)
    save_step(dispute, {"held_on": today, "mediators": "民事调解队", "record": "依约调解",
                        "covenant_clause": cited, "result": "settled"},
              agreement={"kind": "written", "items": "1、甲方退让半米\n2、乙方赔偿200元",
                         "effective_on": today}, today=today)
    path = write_agreement(tmp_path / "agreement.pdf", case_file(dispute.id))
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace(" ", "").replace("\n", "")
    assert "调解依据的村规民约条款：" in text and "第十九条：" in text and "第二十二条：" in text


def test_a_schema3_database_gets_the_covenant_tables_empty_and_keeps_every_record(tmp_path):
    path = tmp_path / "village.db"
    shutil.copy(FIXTURES / "schema3" / "village.db", path)
    with sqlite3.connect(path) as con:
        people = con.execute("SELECT count(*) FROM resident").fetchone()[0]
    open_database(path)
    try:
        assert migrations.current_version(open_database(path)) == migrations.SCHEMA_VERSION == 5
        assert not VillageCovenant.select().exists()
        assert [f.rule for f in rules.covenant_findings(None)] == ["没有现行村规民约"]
    finally:
        close_database()
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT count(*) FROM resident").fetchone()[0] == people > 0
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "village_covenant_one_current" in indexes
