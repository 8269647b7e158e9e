"""The case view of the 矛盾纠纷调解 tab (issue 12): 延长期限… records an extension with both
parties' consent and shows it, the 期限提醒 follow the extended date, and the 申请书 and the
调解笔录 are in the 打印 menu."""
from datetime import date, timedelta

from pypdf import PdfReader

from dongan_desk.ledgers.mediation.deadlines import one_month_after
from dongan_desk.ledgers.mediation.extension_forms import ExtensionDialog
from dongan_desk.ledgers.mediation.ladder import save_step
from dongan_desk.ledgers.mediation.models import Dispute

from tests.mediation_cases import accept, step_data
from ui_driver import run_with_dialogs, type_into

TODAY = date.today()
ACCEPTED = TODAY - timedelta(days=40)  # a month has passed: the case is late


def deadline_rows(tab):
    return [tab.deadlines.tree.item(i, "values") for i in tab.deadlines.tree.get_children()]


def fill_extension(until: date, reason: str, consent: bool):
    def fill(dialog):
        type_into(dialog.fields["extended_to"].entry, until.isoformat())
        type_into(dialog.fields["reason"], reason)
        dialog.consent.set(consent)
        dialog.save()
    return fill


def test_the_limit_is_extended_from_the_case_view(root, window, village, message_log):
    main, tab = window
    case = accept(village, accepted_on=ACCEPTED, today=TODAY)
    main.context.data_changed()
    root.update()
    assert [r[0] for r in deadline_rows(tab)] == ["调解超过一个月未结"]
    tab.open_case(case.id)
    view = tab.case_view
    limit = one_month_after(ACCEPTED)
    assert f"调解期限：{limit:%Y-%m-%d}（受理后一个月）" in view.info.cget("text")
    assert str(view.buttons["extend"].cget("state")) == "normal"
    until = TODAY + timedelta(days=10)

    refused = run_with_dialogs(root, view.extend, (ExtensionDialog, fill_extension(until, "等待鉴定结果", False)))
    assert len(refused) == 1 and "须征得双方当事人同意" in refused[0]
    refused = run_with_dialogs(root, view.extend, (ExtensionDialog, fill_extension(until, "", True)))
    assert "延期原因" in refused[0]
    assert Dispute.get_by_id(case.id).extended_to is None

    assert run_with_dialogs(root, view.extend, (ExtensionDialog, fill_extension(until, "等待鉴定结果", True))) == []
    root.update()
    assert f"调解期限：已延期至{until:%Y-%m-%d}（等待鉴定结果）" in view.info.cget("text")
    assert deadline_rows(tab) == []  # no longer late: the extended date counts
    assert Dispute.get_by_id(case.id).extension_consent
    assert message_log.errors == []


def test_the_application_and_the_record_are_in_the_print_menu(root, window, village, viewer, message_log):
    main, tab = window
    applied = accept(village, accepted_on=ACCEPTED, today=TODAY)
    save_step(applied, step_data(ACCEPTED + timedelta(days=1), "escalate"), today=TODAY)
    own = accept(village, accepted_on=ACCEPTED, today=TODAY, source="initiative")
    main.context.data_changed()
    root.update()
    view = tab.case_view
    labels = [view.print_menu.entrycget(i, "label") for i in range(7)]
    assert labels[:3] == ["人民调解申请书", "人民调解受理登记表", "调解笔录（人民调解记录）"]
    tab.open_case(own.id)
    assert [view.print_menu.entrycget(i, "state") for i in (0, 2)] == ["disabled", "disabled"]
    tab.open_case(applied.id)
    assert [view.print_menu.entrycget(i, "state") for i in (0, 2)] == ["normal", "normal"]
    for kind, name in (("application", "张甲"), ("record", "王院长")):
        target = view.print(kind)
        text = "".join(page.extract_text() for page in PdfReader(target).pages)
        assert applied_number(applied) in text.replace(" ", "") and name in text
    assert message_log.errors == []


def applied_number(dispute) -> str:
    return Dispute.get_by_id(dispute.id).number
