"""身份证号与联系电话: what a clerk types, what the program accepts, and what it says."""

from __future__ import annotations

from datetime import date

import pytest

from dongan_desk.idnumbers import (IdInfo, InvalidIdNumber, PhoneCheck, check_char, check_phone,
                                   mask_id_number, normalize_id_number, normalize_phone,
                                   parse_id_number)

EXAMPLE = "11010519491231002X"  # the worked example of GB 11643-1999
TODAY = date(2026, 5, 1)


def make_id(first17: str) -> str:
    """A number with the right check character, so a test can fail on exactly one other rule."""
    return first17 + check_char(first17)


def refusal(text: str, today: date = TODAY) -> InvalidIdNumber:
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(text, today=today)
    return caught.value


# --- valid numbers -----------------------------------------------------------------------------


def test_standard_example_is_valid_female_born_1949_12_31() -> None:
    info = parse_id_number(EXAMPLE, today=TODAY)
    assert info == IdInfo(
        number=EXAMPLE, birth_date=date(1949, 12, 31), gender="女", area_code="110105"
    )


def test_check_char_of_standard_example_is_x() -> None:
    assert check_char(EXAMPLE[:17]) == "X"


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        # S = 172 by hand, 172 mod 11 = 7 -> '5'; each step of the 17th digit (weight 2) adds 2.
        ("50022919800101001", "5"),
        ("50022919800101002", "3"),  # Y = 9
        ("50022919800101003", "1"),  # Y = 176 mod 11 = 0
    ],
)
def test_check_char_table(first17: str, expected: str) -> None:
    assert check_char(first17) == expected


@pytest.mark.parametrize("bad", ["", "1234", "5002291980010100X", "500229198001010011"])
def test_check_char_needs_17_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_char(bad)


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",  # lower-case x
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and X from a Chinese IME
        "１１０１０５１９４９１２３１００２ｘ",
        " 110105 19491231 002X ",  # grouped with spaces
        "110105\u300019491231\u3000002X",  # full-width spaces
        "\ufeff11010519491231002X\u200b",  # pasted with invisible characters
    ],
)
def test_typing_variants_are_normalised_and_accepted(typed: str) -> None:
    assert normalize_id_number(typed) == EXAMPLE
    assert parse_id_number(typed, today=TODAY).number == EXAMPLE


def test_male_number_and_leap_day_birth() -> None:
    number = make_id("50022920000229001")  # 17th digit 1: odd, male
    info = parse_id_number(number, today=TODAY)
    assert info.gender == "男"
    assert info.birth_date == date(2000, 2, 29)
    assert info.area_code == "500229"


def test_born_today_is_accepted() -> None:
    number = make_id("500229" + TODAY.strftime("%Y%m%d") + "002")
    assert parse_id_number(number, today=TODAY).birth_date == TODAY


# --- refusals, with what they tell the clerk ---------------------------------------------------


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
def test_empty(typed: str) -> None:
    err = refusal(typed)
    assert err.reason == "empty"
    assert "为空" in str(err) and "18位" in str(err)


def test_old_15_digit_number() -> None:
    err = refusal("110105491231002")
    assert err.reason == "old15"
    assert "这是旧的15位身份证号，请填写18位新号码" in str(err)


@pytest.mark.parametrize(("typed", "count", "hint"), [
    ("11010519491231002", 17, "少填了1位"),
    ("1101051949123100", 16, "少填了2位"),
    ("11010519491231002X1", 19, "多填了1位"),
])
def test_wrong_length_says_how_many_were_typed(typed: str, count: int, hint: str) -> None:
    err = refusal(typed)
    assert err.reason == "length"
    assert "应为18位" in str(err)
    assert f"现在填了{count}位" in str(err)
    assert hint in str(err)


def test_length_counts_characters_after_removing_spaces() -> None:
    assert "现在填了17位" in str(refusal("110105 1949 1231 002"))


def test_letter_in_the_middle_is_named_with_its_position() -> None:
    err = refusal("11010519491231A02X")
    assert err.reason == "chars"
    assert "第15位的「A」" in str(err)
    assert "只有最后一位可以是字母 X" in str(err)


def test_x_anywhere_but_last_is_refused() -> None:
    err = refusal("1101051949123100X2")
    assert err.reason == "chars"
    assert "第17位的「X」" in str(err)


def test_many_bad_characters_are_summarised() -> None:
    err = refusal("ABCDEF19491231002X")
    assert err.reason == "chars"
    assert "第1位的「A」" in str(err) and "等6处" in str(err)


def test_masked_number_is_recognised() -> None:
    err = refusal("110105********002X")
    assert err.reason == "masked"
    assert "完整的18位" in str(err)


def test_impossible_birth_date() -> None:
    err = refusal(make_id("50022919990230123"))
    assert err.reason == "date"
    assert "1999年2月30日不存在" in str(err)
    assert "第7–14位" in str(err)


def test_month_13_is_impossible() -> None:
    err = refusal(make_id("50022919991301123"))
    assert err.reason == "date"
    assert "1999年13月1日不存在" in str(err)


def test_feb_29_of_a_common_year_is_impossible() -> None:
    assert refusal(make_id("50022920230229123")).reason == "date"


def test_future_birth_date() -> None:
    err = refusal(make_id("50022920260502123"), today=date(2026, 5, 1))
    assert err.reason == "future"
    assert "2026-05-02" in str(err) and "晚于今天" in str(err) and "2026-05-01" in str(err)


def test_birth_year_before_1900() -> None:
    err = refusal(make_id("50022918991231123"))
    assert err.reason == "year"
    assert "1899年早于1900年" in str(err)


def test_wrong_check_character_reveals_the_expected_one() -> None:
    err = refusal("110105194912310021")
    assert err.reason == "check"
    assert "应为 X" in str(err)
    assert "现在是 1" in str(err)
    assert "不要只改最后一位" in str(err)


def test_a_typo_in_the_sequence_digits_is_caught_by_the_check_character() -> None:
    assert refusal("11010519491231003X").reason == "check"


@pytest.mark.parametrize("prefix", ["00", "10", "19", "90", "99", "84"])
def test_implausible_province_code(prefix: str) -> None:
    err = refusal(make_id(prefix + "010519491231002"))
    assert err.reason == "area"
    assert f"「{prefix}」" in str(err) and "省级代码" in str(err)


def test_refusal_is_a_value_error_carrying_the_number_checked() -> None:
    err = refusal("１１０１０５１９４９１２３１００２１")
    assert isinstance(err, ValueError)
    assert err.number == "110105194912310021"


# --- age ---------------------------------------------------------------------------------------


def test_age_before_and_on_the_birthday() -> None:
    info = parse_id_number(EXAMPLE, today=TODAY)
    assert info.age_on(date(2026, 12, 30)) == 76
    assert info.age_on(date(2026, 12, 31)) == 77
    assert info.age_on(date(1949, 12, 31)) == 0


def test_age_of_someone_born_on_feb_29() -> None:
    info = parse_id_number(make_id("50022920000229002"), today=TODAY)
    assert info.age_on(date(2023, 2, 28)) == 22  # common year: not yet
    assert info.age_on(date(2023, 3, 1)) == 23
    assert info.age_on(date(2024, 2, 28)) == 23
    assert info.age_on(date(2024, 2, 29)) == 24  # leap year: on the day


def test_age_before_birth_is_refused() -> None:
    info = parse_id_number(EXAMPLE, today=TODAY)
    with pytest.raises(ValueError, match="早于出生日期"):
        info.age_on(date(1949, 12, 30))


# --- masking -----------------------------------------------------------------------------------


def test_mask_shows_first_6_and_last_4() -> None:
    assert mask_id_number(EXAMPLE) == "110105********002X"
    assert parse_id_number(EXAMPLE, today=TODAY).masked == "110105********002X"


def test_mask_normalises_first() -> None:
    assert mask_id_number(" １１０１０５１９４９１２３１００２ｘ") == "110105********002X"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("110105491231002", "110105*****1002"),  # old 15-digit number
        ("", ""),
        ("12", "**"),
        ("123", "***"),
        ("1234", "1**4"),
        ("12345678", "12****78"),
        ("1234567890", "12******90"),
    ],
)
def test_mask_of_short_or_odd_strings(stored: str, shown: str) -> None:
    assert mask_id_number(stored) == shown


@pytest.mark.parametrize("odd", [None, 500229, "身份证", "𠮷" * 30, "\x00\x01", "  "])
def test_mask_never_crashes(odd: object) -> None:
    masked = mask_id_number(odd)  # type: ignore[arg-type]
    assert isinstance(masked, str)
    assert "*" in masked or len(masked) == 0


# --- phones ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "+86 138 0000 0000",
        "+8613800000000",
        "0086-138-0000-0000",
        "86 13800000000",
        "138-0000-0000",
        "（138）0000 0000",
        "１３８００００００００",  # full-width digits
        "138\u30000000\u30000000",
    ],
)
def test_mobile_forms(typed: str) -> None:
    assert check_phone(typed) == PhoneCheck("13800000000", "mobile", None)
    assert normalize_phone(typed) == "13800000000"


@pytest.mark.parametrize(
    "typed",
    ["023-5922 1234", "023-59221234", "02359221234", "(023)59221234", "（023）5922-1234",
     "+86 23 5922 1234"],
)
def test_chongqing_landline_forms_are_shown_with_the_dash(typed: str) -> None:
    assert check_phone(typed) == PhoneCheck("023-59221234", "landline", None)
    assert normalize_phone(typed) == "023-59221234"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("010-62345678", "010-62345678"), ("03716123456", "0371-6123456"),
     ("0371-61234567", "0371-61234567")],
)
def test_other_landlines(typed: str, shown: str) -> None:
    result = check_phone(typed)
    assert (result.kind, result.normalized, result.warning) == ("landline", shown, None)


def test_local_number_without_area_code_is_accepted_with_a_gentle_warning() -> None:
    result = check_phone("5922 1234")
    assert result.kind == "landline"
    assert result.normalized == "59221234"
    assert result.warning is not None and "没有区号" in result.warning
    assert "023-59221234" in result.warning


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
def test_empty_phone_is_fine(typed: str) -> None:
    assert check_phone(typed) == PhoneCheck("", "empty", None)


def test_garbage_is_warned_about_not_refused() -> None:
    result = check_phone("打村委会电话")
    assert result.kind == "unknown"
    assert result.normalized == "打村委会电话"
    assert result.warning is not None
    assert "不像手机号" in result.warning and "仍可保存" in result.warning


def test_mobile_with_a_digit_missing_says_how_many() -> None:
    result = check_phone("138 0000 000")
    assert result.kind == "unknown"
    assert result.warning is not None and "应为11位" in result.warning and "10位" in result.warning


def test_mobile_with_impossible_second_digit() -> None:
    result = check_phone("12800000000")
    assert result.kind == "unknown"
    assert result.warning is not None and "第二位应为3–9" in result.warning


def test_landline_with_impossible_area_code_is_warned_about() -> None:
    result = check_phone("0123-4567")
    assert result.kind == "unknown"
    assert result.warning is not None and "不像座机号" in result.warning


def test_normalize_phone_agrees_with_check_phone() -> None:
    for typed in ["+86 138 0000 0000", "023-5922 1234", "5922 1234", "abc-123", ""]:
        assert normalize_phone(typed) == check_phone(typed).normalized
