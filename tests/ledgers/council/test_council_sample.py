"""The sample village gains a 红白理事会 with something to show on every page."""
from datetime import date, timedelta

from dongan_desk.ledgers.council import council, emcees
from dongan_desk.ledgers.council.ceremony import Limits, check_limits
from dongan_desk.ledgers.council.queries import search_emcees, upcoming_filings
from dongan_desk.sample.town import build_sample
from dongan_desk.ledgers.council.models import (CeremonyFiling, Council, CouncilMember, CouncilText,
                                                Emcee)

TODAY = date.today()  # the findings read the real date


def test_sample_village_has_a_council_emcees_and_filings(database):
    home = build_sample("village", today=TODAY)
    assert Council.select().count() == 1
    roles = {m.role for m in CouncilMember.select()}
    assert {"chief", "instructor", "president", "vice_president", "director", "member"} <= roles
    assert {t.kind for t in CouncilText.select()} == {"charter", "rules"}
    assert council.party_group_status(home, TODAY).due
    statuses = [r.status for r in search_emcees([home.id], TODAY, 30).rows]
    assert statuses.count("expiring") == 2 and statuses.count("expired") == 1
    assert statuses.count("untrained") == 1
    assert {f.rule for f in emcees.certificate_findings(None)} == {"支客士证书已过期", "支客士未持证"}
    filings = list(CeremonyFiling.select())
    assert len(filings) == 120
    broken = [f for f in filings if f.breaches]
    assert 5 <= len(broken) <= 30 and all(f.breach_note for f in broken)
    # The stored marks are what the rule says with the default limits.
    for f in filings:
        assert f.breaches == "；".join(check_limits(f.kind, f.start_on, f.end_on, f.tables, f.guests,
                                                   f.filed_on, Limits()))
        assert f.filed_on <= TODAY and f.end_on >= f.start_on
        assert f.household.unit_id == home.id
    assert upcoming_filings([home.id], TODAY)
    assert all(f.outcome for f in filings if f.end_on < TODAY - timedelta(days=3))
    assert Emcee.select().where(Emcee.resident.is_null()).count() == 0
