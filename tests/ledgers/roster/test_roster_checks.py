"""What the forms check (issue 12): 与户主关系 of the later members, impossible phones, names on
one line everywhere, and 性别 / 出生日期 for someone without an ID number."""
from datetime import date

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.council import council, emcees
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.store.models import Grid, Household, Resident
from dongan_desk.validation import phone_problem

TODAY = date(2026, 11, 28)
VALID_ID = "11010519491231002X"  # 女, 1949-12-31


@pytest.fixture
def household(village):
    grid = roster.save_grid({"name": "张家院子", "parent": Grid.get(Grid.level == 2)}).record
    return roster.save_household({"grid": grid, "address": "兴田村1组1号"}).record


def save(household, resident=None, **fields):
    return roster.save_resident({"household": household, **fields}, resident, today=TODAY)


def test_the_relation_suggested_follows_what_the_household_lacks(household):
    assert roster.suggested_relation(household) == "户主"
    save(household, name="王建国", relation="户主")
    assert roster.suggested_relation(household) == "配偶"
    save(household, name="李红梅", relation="配偶")
    assert roster.suggested_relation(household, "男") == "子"
    assert roster.suggested_relation(household, "女") == "女"
    assert roster.suggested_relation(household) == ""  # gender unknown: the clerk is asked


def test_a_second_head_is_refused_and_a_blank_relation_is_asked_for(household):
    save(household, name="王建国", relation="户主")
    with pytest.raises(ValidationError, match="已有户主王建国，一户只能有一位户主"):
        save(household, name="王二", relation="户主")
    with pytest.raises(ValidationError, match="请选择与户主关系（这一户的户主是王建国）"):
        save(household, name="王二", relation="")
    assert Resident.select().count() == 1
    spouse = save(household, name="李红梅", relation="配偶")
    second = save(household, name="张某", relation="配偶")
    assert any("已有户主的配偶李红梅" in w for w in second.warnings)
    # The head is changed by moving the old one off first.
    head = Resident.get(Resident.name == "王建国")
    save(household, head, name="王建国", relation="其他")
    save(household, Resident.get_by_id(spouse.record.id), name="李红梅", relation="户主")
    assert Resident.get(Resident.name == "李红梅").relation == "户主"


@pytest.mark.parametrize("typed, words", [
    ("abc", "不是电话号码：请填写11位手机号（如 13812345678）或带区号的座机号（如 023-59221234）"),
    ("无", "不是电话号码"),
    ("138", "只有3位数字"),
    ("13812345678/13912345678", "只能填一个号码"),
])
def test_an_impossible_phone_is_refused_with_what_to_type(household, typed, words):
    with pytest.raises(ValidationError, match=words.replace("（", r"\（").replace("）", r"\）")):
        save(household, name="王建国", phone=typed)
    assert Resident.select().count() == 0


@pytest.mark.parametrize("typed", ["12345", "1381234567", "98765432101"])
def test_an_odd_phone_is_kept_with_a_warning(household, typed):
    assert phone_problem(typed) is None
    result = save(household, name="王建国", phone=typed)
    assert any("仍可保存" in w for w in result.warnings)


@pytest.mark.parametrize("typed", ["13812345678", "+86 138-1234-5678", "023-59221234转801", ""])
def test_real_phones_pass(typed):
    assert phone_problem(typed) is None


def test_a_name_with_a_line_break_is_refused_everywhere(village, household):
    for name in ("张\n三", "张三\r\n李四", "张\u2028三", "张\t三"):
        with pytest.raises(ValidationError, match="姓名里不能有换行"):
            save(household, name=name)
    assert save(household, name="张三\n").record.name == "张三"  # a trailing one is trimmed
    with pytest.raises(ValidationError, match="网格名称里不能有换行"):
        roster.save_grid({"name": "张家\n院子", "parent": Grid.get(Grid.level == 2)})
    with pytest.raises(ValidationError, match="姓名里不能有换行"):
        council.save_member(village, {"role": "member", "name": "外\n来", "term_start": TODAY},
                            today=TODAY)
    with pytest.raises(ValidationError, match="姓名里不能有换行"):
        emcees.save_emcee(village, {"name": "支\n客"})
    from dongan_desk.ledgers.mediation.cases import clean_parties
    with pytest.raises(ValidationError, match="姓名里不能有换行"):
        clean_parties([{"name": "甲\n乙"}, {"name": "丙"}], village.id, TODAY, TODAY, [])


def test_gender_and_birth_date_without_an_id_number(household):
    person = save(household, name="王建国", gender="男", birth_date=date(1962, 3, 8)).record
    saved = Resident.get_by_id(person.id)
    assert (saved.gender, saved.birth_date, saved.id_number) == ("男", date(1962, 3, 8), None)
    # An edit that does not send them keeps them; an ID number decides over what was typed.
    save(household, saved, name="王建国", phone="13812345678")
    assert Resident.get_by_id(person.id).birth_date == date(1962, 3, 8)
    save(household, Resident.get_by_id(person.id), name="王建国", id_number=VALID_ID, gender="男",
         birth_date=date(1962, 3, 8))
    assert (Resident.get_by_id(person.id).gender, Resident.get_by_id(person.id).birth_date) == (
        "女", date(1949, 12, 31))
    with pytest.raises(ValidationError, match="出生日期不能晚于今天"):
        save(household, name="李四", relation="子", birth_date=date(2027, 1, 1))
    with pytest.raises(ValidationError, match="性别“未知”不对"):
        save(household, name="李四", relation="子", gender="未知")
    with pytest.raises(ValidationError, match="入党日期早于出生日期"):
        save(household, name="李四", relation="子", birth_date=date(1990, 1, 1),
             is_party_member=True, party_join_date=date(1980, 7, 1))
    warned = save(household, name="李四", relation="子", gender="男")
    assert any("没有填出生日期" in w for w in warned.warnings)
    assert Household.select().count() == 1


def test_a_relation_not_given_is_the_suggestion(household):
    """An import without a 与户主关系 column sends None: never a second 户主."""
    first = save(household, name="王建国", relation=None).record
    second = save(household, name="李红梅", relation=None).record
    third = save(household, name="王小明", relation=None, id_number="500229198507150015").record
    fourth = save(household, name="某人", relation=None).record
    assert [Resident.get_by_id(p.id).relation for p in (first, second, third, fourth)] == [
        "户主", "配偶", "子", "其他"]
