"""The data sheets of a 报送包 show a choice field's Chinese label (入户, 平稳, 调解成功, 婚事, 总会长),
not its code (home, stable, settled, wedding, chief); import reads the label back to the code,
and still takes the code of packages written before (tests/exchange/test_older_packages.py
imports those)."""
from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.package import export_package
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.schema import from_cell, to_cell
from dongan_desk.ledgers.council.models import CeremonyFiling, CouncilMember
from dongan_desk.ledgers.mediation.models import Dispute, MediationStep
from dongan_desk.ledgers.pairing.models import Visit
from dongan_desk.store.scope import exported_fields, model_title, synced_models
from dongan_desk.units import home_unit
from tests.access_helpers import open_package

SEEN_IN_THE_ISSUE = ("home", "wechat", "stable", "settled", "initiative", "wedding", "chief")


def test_a_choice_travels_as_its_label_and_comes_back_as_its_code():
    way, tier, outcome = Visit.way, MediationStep.tier, CeremonyFiling.outcome
    assert to_cell(way, "wechat") == "微信" and from_cell(way, "微信") == "wechat"
    assert from_cell(way, "wechat") == "wechat"  # a package written before: the code itself
    assert to_cell(tier, 2) == "村规民约调" and from_cell(tier, "村规民约调") == 2 and from_cell(tier, 2) == 2
    assert to_cell(outcome, "") == "未监督" and from_cell(outcome, "未监督") == ""
    assert to_cell(way, "走亲戚") == "走亲戚" and from_cell(way, "走亲戚") == "走亲戚"  # outside the list


def test_the_data_sheets_show_labels_and_the_township_gets_codes(village_pc, township_pc, stick):
    with village_pc.open():
        path = export_package(home_unit(), stick).path
        ways = sorted(set(Visit.select(Visit.way).tuples()))
    wb = open_package(path, read_only=True)
    seen: set = set()
    for model in synced_models():
        fields = exported_fields(model)
        rows = wb[model_title(model)].iter_rows(min_row=2, values_only=True)
        choice_columns = [(i, f) for i, f in enumerate(fields) if f.choices]
        for row in rows:
            for i, f in choice_columns:
                labels = dict(f.choices)
                value = row[i] if i < len(row) else None  # a row ends at its last filled cell
                codes_only = {code for code, label in f.choices if code != label}
                assert value not in codes_only, (model_title(model), f.name, value)
                if value is not None:
                    seen.add(value)
                    assert value in labels.values() or value in ("",), (model_title(model), f.name, value)
    wb.close()
    assert {"入户", "调解成功", "院户亲情调", "征集意见", "同意提交表决", "小册子"} <= seen
    assert not seen & set(SEEN_IN_THE_ISSUE)
    with township_pc.open():
        apply(preview(read_package(path)))  # the checksum over the codes still matches
        assert sorted(set(Visit.select(Visit.way).tuples())) == ways
        assert {s for (s,) in Dispute.select(Dispute.status).tuples()} <= {c for c, _ in Dispute.status.choices}
        assert {r for (r,) in CouncilMember.select(CouncilMember.role).tuples()} <= {
            c for c, _ in CouncilMember.role.choices}
