"""The sample town's people: valid-looking, unique, consistent, and the same for the same seed."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

import pytest

from dongan_desk.sample.fake_people import RELATIONS, TOWN, VILLAGES, PeopleFaker
from dongan_desk.idnumbers import check_phone, parse_id_number

TODAY = date(2026, 5, 1)
TOWN_SIZE = 30_000
RARE = set("𠮷䶮龑堃喆𬌗𬳵𬱖")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "令狐", "皇甫")


def build_town(seed: int, people: int = TOWN_SIZE) -> list[list[dict[str, Any]]]:
    """Households of 1–6 people until the town has ``people`` residents, as the demo does."""
    faker = PeopleFaker(seed, today=TODAY)
    sizes = [1, 2, 3, 3, 4, 4, 5, 6]
    households: list[list[dict[str, Any]]] = []
    total = 0
    i = 0
    while total < people:
        size = min(sizes[i % len(sizes)], people - total)
        households.append(faker.household(size))
        total += size
        i += 1
    return households


def age(birth: date, on: date = TODAY) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@pytest.fixture(scope="module")
def town() -> list[list[dict[str, Any]]]:
    return build_town(seed=7)


@pytest.fixture(scope="module")
def residents(town: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [person for household in town for person in household]


# --- the whole town ----------------------------------------------------------------------------


def test_a_town_of_30000_is_generated(residents: list[dict[str, Any]]) -> None:
    # Speed is measured by the benchmark command, not here; this only has to finish.
    assert len(residents) == TOWN_SIZE


def test_every_id_number_passes_the_programs_own_check(residents: list[dict[str, Any]]) -> None:
    for person in residents:
        info = parse_id_number(person["id_number"], today=TODAY)
        assert info.gender == person["gender"], person
        assert info.birth_date == person["birth_date"], person
        assert info.area_code == "500229"


def test_id_numbers_and_mobiles_are_never_repeated(residents: list[dict[str, Any]]) -> None:
    ids = [p["id_number"] for p in residents]
    assert len(set(ids)) == len(ids)
    phones = [p["phone"] for p in residents if p["phone"]]
    assert len(set(phones)) == len(phones)


def test_every_phone_is_a_valid_mobile_or_a_chengkou_landline(
    residents: list[dict[str, Any]],
) -> None:
    kinds = Counter()
    for person in residents:
        if person["phone"] is None:
            continue
        result = check_phone(person["phone"])
        assert result.warning is None
        assert result.normalized == person["phone"]
        kinds[result.kind] += 1
        if result.kind == "landline":
            assert person["phone"].startswith("023-59")
    assert kinds["mobile"] > 10 * kinds["landline"] > 0
    assert set(kinds) == {"mobile", "landline"}


def test_children_have_no_phone_and_most_adults_have_one(
    residents: list[dict[str, Any]],
) -> None:
    assert all(p["phone"] is None for p in residents if age(p["birth_date"]) < 16)
    adults = [p for p in residents if 18 <= age(p["birth_date"]) < 70]
    with_phone = sum(1 for p in adults if p["phone"])
    assert with_phone / len(adults) > 0.8


def test_names_look_chinese_with_rare_characters_now_and_then(
    residents: list[dict[str, Any]],
) -> None:
    names = [p["name"] for p in residents]
    assert all(2 <= len(n) <= 4 for n in names)
    assert all(re.fullmatch(r"[\u3400-\u9fff\U00020000-\U0003134f]+", n) for n in names)
    rare = [n for n in names if RARE & set(n)]
    # About 1 in 2,000: present, so the program meets them, but rare.
    assert 1 <= len(rare) <= 60
    assert any(n.startswith(COMPOUND_SURNAMES) for n in names)
    # Common surnames dominate.
    top = Counter(n[0] for n in names).most_common(3)
    assert {s for s, _ in top} <= {"王", "李", "张", "刘", "陈"}


# --- households --------------------------------------------------------------------------------


def test_household_sizes_are_exact_and_the_head_comes_first(
    town: list[list[dict[str, Any]]],
) -> None:
    sizes = Counter(len(h) for h in town)
    assert set(sizes) == {1, 2, 3, 4, 5, 6}
    for household in town:
        relations = [p["relation"] for p in household]
        assert relations[0] == "户主"
        assert relations.count("户主") == 1
        assert relations.count("配偶") <= 1
        assert set(relations) <= set(RELATIONS)


def test_every_relation_turns_up(residents: list[dict[str, Any]]) -> None:
    assert set(Counter(p["relation"] for p in residents)) == set(RELATIONS)


def test_ages_hang_together(town: list[list[dict[str, Any]]]) -> None:
    for household in town:
        head = household[0]
        head_age = age(head["birth_date"])
        assert 30 <= head_age <= 80
        for person in household[1:]:
            relation, person_age = person["relation"], age(person["birth_date"])
            if relation == "配偶":
                assert person["gender"] != head["gender"]
                assert abs(person_age - head_age) <= 10
            elif relation in ("子", "女"):
                assert person["gender"] == ("男" if relation == "子" else "女")
                assert person_age <= head_age - 15
            elif relation == "父母":
                assert person_age >= head_age + 18
            elif relation == "孙子女":
                assert person_age <= head_age - 35


def test_children_carry_the_fathers_surname(town: list[list[dict[str, Any]]]) -> None:
    checked = 0
    for household in town:
        head = household[0]
        if head["gender"] != "男" or head["name"].startswith(COMPOUND_SURNAMES):
            continue
        for person in household:
            if person["relation"] in ("子", "女", "孙子女"):
                assert person["name"][0] == head["name"][0]
                checked += 1
    assert checked > 1000


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_same_town() -> None:
    assert build_town(seed=3, people=2_000) == build_town(seed=3, people=2_000)


def test_different_seed_different_town() -> None:
    assert build_town(seed=3, people=200) != build_town(seed=4, people=200)


def test_single_draws_are_deterministic_too() -> None:
    def draws(faker: PeopleFaker) -> list[object]:
        return [
            faker.full_name("女"), faker.birth_date(18, 60), faker.mobile(), faker.landline(),
            faker.address("兴田村", 3), faker.courtyard_name(),
            faker.id_number(date(1980, 1, 1), "男"),
        ]

    assert draws(PeopleFaker(11, today=TODAY)) == draws(PeopleFaker(11, today=TODAY))


# --- single pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize("gender", ["男", "女"])
def test_id_number_matches_birth_and_gender(gender: str) -> None:
    faker = PeopleFaker(1, today=TODAY)
    for birth in [date(1900, 1, 1), date(1949, 12, 31), date(2000, 2, 29), TODAY]:
        number = faker.id_number(birth, gender)
        info = parse_id_number(number, today=TODAY)
        assert (info.birth_date, info.gender, info.area_code) == (birth, gender, "500229")


def test_id_number_for_another_area() -> None:
    number = PeopleFaker(1).id_number(date(1990, 6, 1), "女", area_code="500101")
    assert parse_id_number(number, today=TODAY).area_code == "500101"


def test_one_birthday_has_500_male_numbers_then_says_so() -> None:
    faker = PeopleFaker(2, today=TODAY)
    birth = date(1985, 3, 3)
    numbers = {faker.id_number(birth, "男") for _ in range(500)}
    assert len(numbers) == 500
    with pytest.raises(ValueError, match="已用完"):
        faker.id_number(birth, "男")
    # Women born that day still have their own (even) sequence numbers.
    assert parse_id_number(faker.id_number(birth, "女"), today=TODAY).gender == "女"


@pytest.mark.parametrize("bad", ["M", "", "male"])
def test_gender_must_be_chinese(bad: str) -> None:
    faker = PeopleFaker()
    with pytest.raises(ValueError):
        faker.id_number(date(1990, 1, 1), bad)
    with pytest.raises(ValueError):
        faker.given_name(bad)


@pytest.mark.parametrize("today", [TODAY, date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1)])
@pytest.mark.parametrize(("low", "high"), [(0, 0), (1, 1), (18, 60), (80, 100), (0, 120)])
def test_birth_date_gives_ages_in_range(today: date, low: int, high: int) -> None:
    faker = PeopleFaker(5, today=today)
    for _ in range(300):
        birth = faker.birth_date(low, high)
        assert birth >= date(1900, 1, 1)
        assert low <= age(birth, today) <= high


def test_birth_date_reaches_both_ends_of_the_range() -> None:
    faker = PeopleFaker(6, today=TODAY)
    ages = {age(faker.birth_date(3, 5), TODAY) for _ in range(300)}
    assert ages == {3, 4, 5}


def test_birth_date_refuses_an_impossible_range() -> None:
    with pytest.raises(ValueError):
        PeopleFaker().birth_date(10, 5, TODAY)


def test_mobiles_are_valid_and_unique() -> None:
    faker = PeopleFaker(8)
    numbers = [faker.mobile() for _ in range(5_000)]
    assert len(set(numbers)) == len(numbers)
    assert all(check_phone(n).kind == "mobile" for n in numbers)


def test_landlines_are_chengkou_numbers() -> None:
    faker = PeopleFaker(9)
    numbers = [faker.landline() for _ in range(500)]
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert re.fullmatch(r"023-59\d{6}", number)
        assert check_phone(number) == check_phone(number.replace("-", ""))


def test_address_form() -> None:
    faker = PeopleFaker(10)
    assert re.fullmatch(r"东安镇兴田村3组\d{1,3}号", faker.address("兴田村", 3))
    assert re.fullmatch(r"东安镇太平社区12组\d{1,3}号", faker.address("东安镇太平社区", 12))


def test_courtyard_names() -> None:
    faker = PeopleFaker(12)
    names = [faker.courtyard_name() for _ in range(500)]
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,5}", n) for n in names)
    endings = ("院子", "院落", "湾", "坪", "坝", "沟", "梁", "垭", "岭", "槽", "岩")
    assert all(n.endswith(endings) for n in names)
    assert any(re.fullmatch(r".家院子", n) for n in names)
    distinct = faker.courtyard_names(45)
    assert len(set(distinct)) == 45


def test_villages_and_town() -> None:
    assert TOWN == ("东安镇", "东安", "500229115000")
    assert len(VILLAGES) == 10
    names, shorts, codes = zip(*VILLAGES)
    assert len(set(names)) == len(set(shorts)) == len(set(codes)) == 10
    assert TOWN[1] not in shorts  # a village's agreement numbers never read like the town's
    for name, short, code in VILLAGES:
        assert name.endswith(("村", "社区"))
        assert name.startswith(short)
        assert re.fullmatch(r"500229115\d{3}", code) and code != TOWN[2]
