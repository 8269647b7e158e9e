"""The covenant's text and versions, and the path of a version with its refusals (nothing saved)."""
from datetime import timedelta

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.covenant import steps, versions
from dongan_desk.ledgers.covenant.models import CovenantClause, CovenantStep, VillageCovenant
from dongan_desk.ledgers.covenant.numbers import cn_number, parse_number
from dongan_desk.store.models import AuditEntry

from covenant_helpers import DAY, STEP_DATA, TODAY, walk


def test_chinese_numbers_of_clauses():
    assert [cn_number(n) for n in (1, 10, 12, 20, 59, 100, 105, 110)] == [
        "一", "十", "十二", "二十", "五十九", "一百", "一百零五", "一百一十"]
    assert [parse_number(t) for t in ("8", "８", "八", "二十一", "一百零五", "章")] == [8, 8, 8, 21, 105, None]


def test_the_text_is_read_into_chapters_and_clauses_numbered_through(draft):
    chapters = versions.chapters_of(draft)
    assert [c.title for c, _ in chapters] == ["总则", "邻里关系"]
    assert [c.number for _, clauses in chapters for c in clauses] == [1, 2, 3, 4]
    assert chapters[1][1][1].text == "建房不得侵占邻居土地，\n影响他人通行。"
    assert versions.covenant_text(draft).startswith("第一章　总则\n第一条　本村规民约适用于兴田村全体村民。")


@pytest.mark.parametrize("text, words", [
    ("第一条　没有章", "之前要有章的标题"), ("第一章　总则\n随便一行", "不是章的标题"),
    ("第一章　总则\n第一条　甲\n第三章　乙\n第二条　丙", "应是第二章"), ("第一章　总则", "还没有条款"),
    ("第一章\n第一条　甲", "缺少章名")])
def test_a_text_that_cannot_be_read_is_refused_and_the_old_text_kept(draft, text, words):
    before = versions.covenant_text(draft)
    with pytest.raises(ValidationError, match=words):
        versions.save_text(draft, {"title": "兴田村村规民约", "text": text})
    assert versions.covenant_text(draft) == before


def test_each_step_in_order_then_adopted_current_filed_and_posted(draft, households):
    for kind in steps.ORDER:
        assert steps.next_step(draft) == kind
        steps.save_step(draft, kind, {"held_on": DAY, **STEP_DATA[kind]}, today=TODAY)
    draft = VillageCovenant.get_by_id(draft.id)
    assert draft.is_current and draft.adopted_on == draft.filed_on == draft.posted_on == DAY
    assert steps.next_step(draft) is None
    vote = CovenantStep.get(CovenantStep.kind == "vote")
    assert steps.step_summary(vote) == "应到45人，实到31人；同意28、反对1、弃权2"


@pytest.mark.parametrize("upto, kind, missing", [
    (None, "vote", "征集意见、支委会酝酿、党员大会讨论、镇审核"),
    ("branch", "review", "党员大会讨论"), ("review", "filing", "村民代表大会审定"),
    ("vote", "posting", "报镇备案")])
def test_a_step_out_of_order_is_refused_with_what_is_missing(draft, upto, kind, missing):
    if upto:
        walk(draft, upto)
    count = CovenantStep.select().count()
    with pytest.raises(ValidationError) as refused:
        steps.save_step(draft, kind, {"held_on": DAY, **STEP_DATA[kind]}, today=TODAY)
    assert missing in refused.value.message and "请按顺序" in refused.value.message
    assert CovenantStep.select().count() == count


@pytest.mark.parametrize("votes, field, words", [
    ((45, 30, 30, 0, 0), "present_count", "没有超过应到45人的三分之二（至少要31人）"),
    ((45, 31, 15, 10, 6), "agree_count", "没有超过实到31人的半数（至少要16人）"),
    ((45, 31, 20, 10, 5), "agree_count", "多于实到31人"),
    ((45, 50, 40, 0, 0), "present_count", "不能多于应到人数"),
    ((45, 31, -1, 0, 0), "agree_count", "应在0到"),
    ((-3, 0, 0, 0, 0), "due_count", "应在1到")])
def test_a_vote_without_the_quorum_of_article_26_does_not_adopt_and_nothing_is_saved(draft, votes, field, words):
    walk(draft, "review")
    entries = AuditEntry.select().count()
    due, present, agree, against, abstain = votes
    with pytest.raises(ValidationError) as refused:
        steps.save_step(draft, "vote", {"held_on": DAY, "due_count": due, "present_count": present,
                                        "agree_count": agree, "against_count": against,
                                        "abstain_count": abstain}, today=TODAY)
    assert words in refused.value.problems[field]
    draft = VillageCovenant.get_by_id(draft.id)
    assert not draft.is_current and draft.adopted_on is None
    assert not CovenantStep.select().where(CovenantStep.kind == "vote").exists()
    assert AuditEntry.select().count() == entries


def test_exactly_two_thirds_present_is_not_enough():
    assert steps.quorum_problem(30, 20, 20) and steps.quorum_problem(30, 21, 10)
    assert steps.quorum_problem(30, 21, 11) is None


def test_dates_go_forward_and_never_past_today(draft):
    walk(draft, "branch")
    with pytest.raises(ValidationError, match="不能早于上一个环节“支委会酝酿”"):
        steps.save_step(draft, "party", {"held_on": DAY - timedelta(days=1), **STEP_DATA["party"]}, today=TODAY)
    with pytest.raises(ValidationError, match="还没到"):
        steps.save_step(draft, "party", {"held_on": TODAY + timedelta(days=1), **STEP_DATA["party"]}, today=TODAY)
    with pytest.raises(ValidationError, match="不能多于应到人数"):
        steps.save_step(draft, "party", {"held_on": DAY, "due_count": 10, "present_count": 11}, today=TODAY)
    assert steps.next_step(draft) == "party"


def test_a_new_version_is_a_copy_the_old_stays_current_until_the_new_is_adopted(adopted):
    with pytest.raises(ValidationError, match="审定，条文不能再改"):
        versions.save_text(adopted, {"title": "改", "text": "第一章　总则\n第一条　甲"})
    second = versions.new_version(adopted.unit).record
    assert second.version == 2 and versions.covenant_text(second) == versions.covenant_text(adopted)
    with pytest.raises(ValidationError, match="还是草案"):
        versions.new_version(adopted.unit)
    versions.save_text(second, {"title": "兴田村村规民约", "text": versions.covenant_text(second) + "\n第五条　新增一条。"})
    assert versions.current_version(adopted.unit).id == adopted.id
    walk(second, "vote", TODAY)
    first, second = VillageCovenant.get_by_id(adopted.id), VillageCovenant.get_by_id(second.id)
    assert second.is_current and not first.is_current and first.superseded_on == TODAY
    assert versions.chapters_of(first)[0][1][0].text == "本村规民约适用于兴田村全体村民。"  # still readable
    assert CovenantClause.select().count() == 4 + 5


def test_a_second_current_version_is_refused(adopted):
    """An older version adopted after a newer one would make two 现行: refused, and the
    database would refuse it too."""
    older = adopted
    newer = versions.new_version(older.unit).record
    walk(newer, "vote", TODAY)
    stale = VillageCovenant.create(unit=older.unit, version=0, title="旧稿")
    for kind in steps.ORDER[:4]:
        steps.save_step(stale, kind, {"held_on": TODAY, **STEP_DATA[kind]}, today=TODAY)
    with pytest.raises(ValidationError, match="同一时间只能有一个现行版本"):
        steps.save_step(stale, "vote", {"held_on": TODAY, **STEP_DATA["vote"]}, today=TODAY)
    assert VillageCovenant.select().where(VillageCovenant.is_current == True).count() == 1  # noqa: E712
    from peewee import IntegrityError
    with pytest.raises(IntegrityError):
        VillageCovenant.update(is_current=True).where(VillageCovenant.id == older.id).execute()


def test_undoing_the_vote_brings_the_old_version_back(adopted):
    newer = versions.new_version(adopted.unit).record
    walk(newer, "vote", TODAY)
    assert steps.delete_last_step(newer) == "村民代表大会审定"
    assert versions.current_version(adopted.unit).id == adopted.id
    assert VillageCovenant.get_by_id(adopted.id).superseded_on is None


def test_the_township_cannot_write_a_villages_covenant(township):
    from dongan_desk.store.models import Unit
    village = Unit.get(Unit.kind == "village")
    with pytest.raises(ValidationError, match="只能在该单位的电脑上修改"):
        versions.new_version(village)
    assert not VillageCovenant.select().exists()


def test_correcting_the_date_of_a_vote_moves_the_old_versions_end_with_it(adopted):
    """The old version 废止 the day the new one is adopted, also when that day is corrected; and
    undoing the vote afterwards still finds the version to bring back."""
    newer = versions.new_version(adopted.unit).record
    walk(newer, "vote", TODAY - timedelta(days=10))
    corrected = TODAY - timedelta(days=5)
    result = steps.save_step(newer, "vote", {"held_on": corrected, **STEP_DATA["vote"]}, today=TODAY)
    assert "第1版的废止日期随之改为同一天" in result.warnings[0]
    first, second = VillageCovenant.get_by_id(adopted.id), VillageCovenant.get_by_id(newer.id)
    assert second.is_current and second.adopted_on == corrected
    assert not first.is_current and first.superseded_on == corrected
    assert versions.status_text(first) == f"已废止（{corrected:%Y-%m-%d}）"
    steps.delete_last_step(second)
    first = VillageCovenant.get_by_id(adopted.id)
    assert first.is_current and first.superseded_on is None


def test_a_vote_before_the_adoption_of_the_version_it_replaces_is_refused(adopted):
    newer = versions.new_version(adopted.unit).record
    walk(newer, "review", DAY - timedelta(days=9))
    with pytest.raises(ValidationError) as refused:
        steps.save_step(newer, "vote", {"held_on": DAY - timedelta(days=2), **STEP_DATA["vote"]}, today=TODAY)
    assert "不能早于第1版的审定日期" in refused.value.problems["held_on"]
    assert versions.current_version(adopted.unit).id == adopted.id
    assert VillageCovenant.get_by_id(adopted.id).superseded_on is None
    steps.save_step(newer, "vote", {"held_on": DAY + timedelta(days=3), **STEP_DATA["vote"]}, today=TODAY)
    with pytest.raises(ValidationError, match="不能早于第1版的审定日期"):  # nor corrected to such a day
        steps.save_step(newer, "vote", {"held_on": DAY - timedelta(days=1), **STEP_DATA["vote"]}, today=TODAY)
    assert VillageCovenant.get_by_id(adopted.id).superseded_on == DAY + timedelta(days=3)


def test_the_vote_of_a_version_replaced_since_cannot_be_undone(draft, households):
    walk(draft, "vote")
    newer = versions.new_version(draft.unit).record
    walk(newer, "vote", DAY + timedelta(days=20))
    # a correction of the old vote may not pass the day the new one replaced it
    with pytest.raises(ValidationError, match="不能晚于这一版废止的日期"):
        steps.save_step(draft, "vote", {"held_on": DAY + timedelta(days=21), **STEP_DATA["vote"]}, today=TODAY)
    with pytest.raises(ValidationError, match="已被后来审定的版本取代"):
        steps.delete_last_step(draft)
    assert versions.current_version(draft.unit).id == newer.id
    assert VillageCovenant.get_by_id(draft.id).superseded_on == DAY + timedelta(days=20)
