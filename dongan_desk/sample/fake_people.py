"""Deterministic sample people for the ``demo`` command and the reference town (DESIGN.md §8).

Everything is drawn from one seeded ``random.Random``, so the same seed (and the same ``today``)
always builds the same town. The data only has to look right to a village clerk and pass the
program's own checks: ID numbers carry a correct GB 11643 check character and a birth date that
matches the person, mobiles and landlines have the right shape, and no ID number or mobile is
ever handed out twice by one faker. Names now and then use a rare character (𠮷, 䶮 …) so that
fonts, sorting, Excel and PDF code meet them in the sample town before they meet them in a real
one.

It is fast on purpose (30,000 people well under a second): cumulative weights are computed
once and drawn with ``bisect``, and nothing here touches a database.
"""

from __future__ import annotations

from bisect import bisect
from datetime import date
from itertools import accumulate
from random import Random
from typing import Any

from ..idnumbers import check_char

__all__ = ["PeopleFaker", "RELATIONS", "TOWN", "VILLAGES", "COUNTY_AREA_CODE"]

COUNTY_AREA_CODE = "500229"  # 重庆市城口县

# (name, short name, 统计用区划代码). Sample names for a sample town. The codes follow the
# statistics-code convention: 居委会 (社区) 001–199, 村委会 200–399 under the township 115.
# 东安社区's short name keeps 社区 so it never reads like the township's own short name 东安
# (short names go into agreement numbers such as （2026）兴田人调字第3号).
TOWN: tuple[str, str, str] = ("东安镇", "东安", "500229115000")
VILLAGES: list[tuple[str, str, str]] = [
    ("东安社区", "东安社区", "500229115001"),
    ("太平社区", "太平", "500229115002"),
    ("兴田村", "兴田", "500229115201"),
    ("德安村", "德安", "500229115202"),
    ("新华村", "新华", "500229115203"),
    ("黄金村", "黄金", "500229115204"),
    ("鲜花村", "鲜花", "500229115205"),
    ("红岩村", "红岩", "500229115206"),
    ("渔沙村", "渔沙", "500229115207"),
    ("金鸡村", "金鸡", "500229115208"),
]

# Relation to the head of household, as on a 户口簿 summarised for village books.
RELATIONS: tuple[str, ...] = ("户主", "配偶", "子", "女", "父母", "孙子女", "兄弟姐妹", "其他")

# Surnames with rough weights: national frequency, bumped for names common in 城口 and 川东
# (向, 谭, 冉, 余, 唐, 邓, 熊, 廖, 蒋 …).
_SURNAME_WEIGHTS: dict[str, float] = {
    "王": 70, "李": 70, "张": 66, "刘": 55, "陈": 52, "杨": 45, "黄": 25, "赵": 20, "周": 24,
    "吴": 20, "徐": 14, "孙": 12, "马": 11, "胡": 14, "朱": 11, "郭": 10, "何": 14, "罗": 16,
    "高": 9, "林": 8, "郑": 8, "梁": 8, "谢": 10, "唐": 16, "许": 6, "冯": 7, "宋": 6, "韩": 5,
    "邓": 14, "彭": 10, "曹": 6, "曾": 10, "田": 10, "袁": 8, "蔡": 5, "蒋": 10, "余": 14,
    "杜": 7, "叶": 4, "程": 5, "魏": 5, "苏": 4, "吕": 4, "丁": 4, "任": 6, "卢": 4, "姚": 4,
    "沈": 3, "钟": 5, "姜": 3, "谭": 16, "陆": 3, "范": 4, "汪": 4, "廖": 9, "石": 6, "贾": 3,
    "夏": 4, "付": 6, "方": 3, "邹": 5, "熊": 9, "白": 3, "秦": 4, "邱": 3, "江": 4, "尹": 3,
    "雷": 5, "龙": 5, "黎": 3, "陶": 4, "贺": 3, "毛": 3, "龚": 5, "万": 4, "向": 18, "冉": 12,
    "汤": 3, "文": 4, "牟": 5, "蒲": 4, "苟": 4, "代": 4, "税": 2, "晏": 2, "敖": 2, "简": 2,
    "幸": 1, "但": 1, "母": 1, "喻": 2, "鄢": 1, "伍": 3, "严": 3, "侯": 3, "孟": 2, "易": 3,
    "骆": 2, "游": 2, "饶": 2, "屈": 2, "覃": 2, "庞": 2, "阳": 1, "官": 1, "漆": 1, "粟": 1,
    # 复姓: rare, but a two-character surname must not break splitting or sorting.
    "欧阳": 0.4, "司马": 0.15, "上官": 0.15, "诸葛": 0.1, "令狐": 0.1, "皇甫": 0.1,
}

# Given-name characters, gender-flavoured, in two generations: people born before 1980 carry the
# names of their time (德福, 桂英), younger ones today's (浩然, 梓涵).
_MALE_OLD = "德福贵明华国建军平勇强伟刚成林春生荣祥洪海富财兵忠民学友良金山光才顺发元中全志"
_MALE_NEW = "浩宇轩俊博昊然泽睿鑫鹏涛杰磊超斌峰晨航凯文豪翔子家天一奕铭锦诚毅宏亮"
_FEMALE_OLD = "秀英兰桂芳梅琼珍凤翠玉霞莲菊春花华群素淑容琴碧蓉芬云娥香玲"
_FEMALE_NEW = "婷丽静敏娟燕艳雪琳洁欣怡涵萱梓诗雨佳悦慧颖倩璐瑶晶思妍欢蕾"
_NEW_GENERATION_FROM = 1980

# 1 name in about 2,000 gets one of these: CJK Extension A/B/E and uncommon BMP characters
# that real 户口 records do contain.
_RARE_CHARS = "𠮷䶮龑堃喆𬌗𬳵𬱖"
_RARE_RATE = 1 / 2000

# Mobile prefixes of the three operators (移动, 联通, 电信).
_MOBILE_PREFIXES = (
    "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159",
    "178", "182", "183", "184", "187", "188", "198",
    "130", "131", "132", "155", "156", "166", "175", "176", "185", "186",
    "133", "149", "153", "173", "177", "180", "181", "189", "199",
)
# 城口 local exchanges: 8-digit numbers beginning 59.
_LANDLINE_EXCHANGES = ("5922", "5923", "5925", "5926", "5928")

# Courtyard (院落) names as people in the hills of 城口 say them.
_PLACE_PREFIXES = (
    "大", "小", "上", "下", "中", "老", "新", "高", "长", "柏树", "核桃", "竹林", "青冈",
    "石板", "堰塘", "黄泥", "水井", "松林", "梨子", "岩口", "桃子", "杉木", "龙洞", "白果",
    "茶园", "马鞍", "沙坝", "干溪", "岩", "枫香",
)
_PLACE_SUFFIXES = ("湾", "坪", "坝", "沟", "梁", "垭", "岭", "槽", "院子", "院落")
_FAMILY_SUFFIXES = ("家院子", "家湾", "家坪", "家沟", "家梁", "家坝", "家院落", "家岩")


def _cum(weights: dict[str, float]) -> tuple[list[str], list[float]]:
    keys = list(weights)
    return keys, list(accumulate(weights[k] for k in keys))


_SURNAMES, _SURNAME_CUM = _cum(_SURNAME_WEIGHTS)


def _years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class PeopleFaker:
    """Sample names, birth dates, ID numbers, phones and addresses for 东安镇.

    ``today`` fixes the date ages are counted from; pass it when the output must not change
    from one day to the next (tests, benchmarks).
    """

    def __init__(self, seed: int = 0, today: date | None = None) -> None:
        self._rng = Random(seed)
        self.today = today or date.today()
        self._ids: set[str] = set()
        self._mobiles: set[str] = set()
        self._landlines: set[str] = set()

    # --- names ---------------------------------------------------------------------------------

    def surname(self) -> str:
        rng = self._rng
        return _SURNAMES[bisect(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])]

    def given_name(self, gender: str, birth_year: int | None = None) -> str:
        """One or two characters; about a quarter of names are single-character."""
        _check_gender(gender)
        rng = self._rng
        if birth_year is None:
            new = rng.random() < 0.5
        else:
            new = birth_year >= _NEW_GENERATION_FROM
        if gender == "男":
            pool = _MALE_NEW if new else _MALE_OLD
        else:
            pool = _FEMALE_NEW if new else _FEMALE_OLD
        if rng.random() < 0.25:
            name = rng.choice(pool)
        else:
            name = rng.choice(pool) + rng.choice(pool)
            if name[0] == name[1] and rng.random() < 0.7:
                # 叠字 names (婷婷) exist but not that often.
                name = name[0] + rng.choice(pool)
        if rng.random() < _RARE_RATE:
            name = name[:-1] + rng.choice(_RARE_CHARS)
        return name

    def full_name(self, gender: str, birth_year: int | None = None) -> str:
        return self.surname() + self.given_name(gender, birth_year)

    # --- dates and numbers ---------------------------------------------------------------------

    def birth_date(self, min_age: int, max_age: int, today: date | None = None) -> date:
        """A birth date, uniform over the days that make the person ``min_age``–``max_age``
        full years old on ``today`` (default: the faker's ``today``); never before 1900."""
        if min_age < 0 or max_age < min_age:
            raise ValueError(f"年龄范围不对：{min_age}–{max_age}")
        today = today or self.today
        latest = _years_before(today, min_age)
        # Born on this day one year too early is max_age + 1; the day after is max_age.
        earliest = _years_before(today, max_age + 1).toordinal() + 1
        earliest = max(earliest, date(1900, 1, 1).toordinal())
        if earliest > latest.toordinal():
            raise ValueError(f"年龄范围 {min_age}–{max_age} 在 {today.isoformat()} 无法取到")
        return date.fromordinal(self._rng.randint(earliest, latest.toordinal()))

    def id_number(self, birth: date, gender: str, area_code: str = COUNTY_AREA_CODE) -> str:
        """An 18-character number that ``parse_id_number`` accepts, with this birth date and
        gender; never the same number twice from one faker."""
        _check_gender(gender)
        if len(area_code) != 6 or not area_code.isdigit():
            raise ValueError(f"区划代码应为6位数字：{area_code!r}")
        if birth.year < 1900:
            raise ValueError("出生年份不能早于1900年")
        stem = f"{area_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}"
        # 顺序码 001–999; its last digit is odd for men, even for women.
        parity = 1 if gender == "男" else 0
        rng = self._rng
        for _ in range(20):
            seq = rng.randrange(1 + (1 - parity), 1000, 2)
            number = self._finish_id(stem, seq)
            if number not in self._ids:
                self._ids.add(number)
                return number
        # A crowded birthday (only after hundreds of people born the same day in one area):
        # walk every remaining sequence number rather than give up early.
        for seq in range(1 + (1 - parity), 1000, 2):
            number = self._finish_id(stem, seq)
            if number not in self._ids:
                self._ids.add(number)
                return number
        raise ValueError(f"{area_code} 地区 {birth.isoformat()} 出生的{gender}性身份证号已用完")

    @staticmethod
    def _finish_id(stem: str, seq: int) -> str:
        first17 = f"{stem}{seq:03d}"
        return first17 + check_char(first17)

    def mobile(self) -> str:
        """A valid 11-digit mobile number, never repeated by this faker."""
        rng = self._rng
        while True:
            number = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"
            if number not in self._mobiles:
                self._mobiles.add(number)
                return number

    def landline(self) -> str:
        """A 城口 landline in display form, ``023-5922xxxx``, never repeated by this faker."""
        rng = self._rng
        while True:
            number = f"023-{rng.choice(_LANDLINE_EXCHANGES)}{rng.randrange(10_000):04d}"
            if number not in self._landlines:
                self._landlines.add(number)
                return number

    # --- places --------------------------------------------------------------------------------

    def address(self, village: str, group_no: int) -> str:
        """``东安镇兴田村3组17号``; ``village`` is the full name (兴田村 / 太平社区)."""
        town = TOWN[0]
        village = village.removeprefix(town)
        return f"{town}{village}{group_no}组{self._rng.randint(1, 120)}号"

    def courtyard_name(self) -> str:
        """A 院落 name such as 张家院子, 大湾院落 or 李家坪. Not unique: see ``courtyard_names``."""
        rng = self._rng
        if rng.random() < 0.5:
            return self.surname()[0] + rng.choice(_FAMILY_SUFFIXES)
        prefix = rng.choice(_PLACE_PREFIXES)
        suffix = rng.choice(_PLACE_SUFFIXES)
        if suffix in ("院子", "院落"):
            # 大湾院落: a place word plus 院落 reads naturally; a bare 大院子 does not.
            return prefix + rng.choice(_PLACE_SUFFIXES[:8]) + suffix
        return prefix + suffix

    def courtyard_names(self, count: int) -> list[str]:
        """``count`` distinct courtyard names, e.g. for the 院落式网格 of one village."""
        names: list[str] = []
        seen: set[str] = set()
        attempts = 0
        while len(names) < count:
            attempts += 1
            name = self.courtyard_name()
            if name in seen:
                if attempts > 50 * count + 1000:
                    raise ValueError(f"想不出{count}个不同的院落名")
                continue
            seen.add(name)
            names.append(name)
        return names

    # --- households ----------------------------------------------------------------------------

    def household(
        self,
        members_hint: int = 3,
        *,
        area_code: str = COUNTY_AREA_CODE,
        today: date | None = None,
    ) -> list[dict[str, Any]]:
        """A plausible family of exactly ``max(1, members_hint)`` people, head first.

        Each member is a dict with ``name``, ``gender``, ``birth_date``, ``id_number``, ``phone``
        (``None`` for children and some old people) and ``relation`` (one of ``RELATIONS``).
        Ages hang together: a spouse close to the head's age, children 20–36 years younger than
        their mother, parents 22–36 years older than the head, grandchildren under the children.
        """
        today = today or self.today
        size = max(1, members_hint)
        rng = self._rng
        members: list[dict[str, Any]] = []

        def add(relation: str, gender: str, age: int, surname: str | None = None) -> str:
            """Append one member and return the surname used."""
            age = max(0, min(age, 100))
            birth = self.birth_date(age, age, today)
            surname = surname or self.surname()
            members.append(
                {
                    "name": surname + self.given_name(gender, birth.year),
                    "gender": gender,
                    "birth_date": birth,
                    "id_number": self.id_number(birth, gender, area_code),
                    "phone": self._phone_for(age),
                    "relation": relation,
                }
            )
            return surname

        # Head: mostly men, as in most rural 户口簿, ages 30–80 leaning to middle age.
        head_gender = "男" if rng.random() < 0.8 else "女"
        head_age = min(80, 30 + int(rng.triangular(0, 50, 22)))
        family = add("户主", head_gender, head_age)

        spouse_age: int | None = None
        # Children carry the father's surname: the head's, unless the head is a married woman.
        child_surname = family
        if size >= 2 and rng.random() < 0.88:
            spouse_gender = "女" if head_gender == "男" else "男"
            # Wives are on average a couple of years younger than husbands.
            gap = rng.randint(-1, 5)
            spouse_age = max(20, head_age - gap if head_gender == "男" else head_age + gap)
            spouse_surname = add("配偶", spouse_gender, spouse_age)
            if spouse_gender == "男":
                child_surname = spouse_surname
        # The mother's (or lone father's) age decides how old the children can be.
        mother_age = spouse_age if head_gender == "男" and spouse_age is not None else head_age

        remaining = size - len(members)
        # Parents live with younger heads; grandchildren with older ones.
        if remaining >= 2 and head_age < 55 and rng.random() < 0.35:
            n_parents = 1 if remaining < 3 or rng.random() < 0.5 else 2
            parent_age = head_age + rng.randint(22, 32)
            if parent_age <= 98:
                genders = ["女", "男"] if n_parents == 2 else [rng.choice("男女")]
                for g in genders:
                    age = parent_age + (rng.randint(0, 4) if g == "男" else 0)
                    add("父母", g, age, family if g == "男" else None)
                remaining = size - len(members)

        # Now and then an unmarried brother or sister of the head, or someone else (其他), lives
        # in the household too, so every relation turns up in the sample town.
        if remaining >= 1 and size >= 3 and rng.random() < 0.05:
            if rng.random() < 0.7:
                add("兄弟姐妹", rng.choice("男女"), max(18, head_age + rng.randint(-8, 8)), family)
            else:
                add("其他", rng.choice("男女"), rng.randint(5, 80))
            remaining = size - len(members)

        child_ages: list[int] = []
        if remaining > 0 and mother_age >= 21:
            n_grand = 0
            if remaining >= 2 and head_age >= 52 and rng.random() < 0.5:
                n_grand = rng.randint(1, min(3, remaining - 1))
            n_children = remaining - n_grand
            youngest_allowed = max(0, mother_age - 36)
            oldest_allowed = mother_age - 20
            for _ in range(n_children):
                age = rng.randint(youngest_allowed, oldest_allowed)
                child_ages.append(age)
                g = rng.choice("男女")
                add("子" if g == "男" else "女", g, age, child_surname)
            oldest_child = max(child_ages) if child_ages else 0
            for _ in range(n_grand):
                if oldest_child >= 21:
                    age = rng.randint(0, min(oldest_child - 20, 15))
                    add("孙子女", rng.choice("男女"), age, child_surname)
                else:
                    # No child old enough to be a parent: a child it is.
                    g = rng.choice("男女")
                    add("子" if g == "男" else "女", g, rng.randint(0, max(0, mother_age - 20)),
                        child_surname)

        # Whoever is still missing: a sibling of the head, or now and then someone else (其他).
        while len(members) < size:
            if rng.random() < 0.7:
                add("兄弟姐妹", rng.choice("男女"), max(18, head_age + rng.randint(-8, 8)), family)
            else:
                add("其他", rng.choice("男女"), rng.randint(5, 80))
        return members

    def _phone_for(self, age: int) -> str | None:
        """Adults mostly have a mobile; old people sometimes only a landline or none."""
        if age < 16:
            return None
        r = self._rng.random()
        if age < 70:
            if r < 0.9:
                return self.mobile()
            return self.landline() if r < 0.95 else None
        if r < 0.55:
            return self.mobile()
        return self.landline() if r < 0.7 else None


def _check_gender(gender: str) -> None:
    if gender not in ("男", "女"):
        raise ValueError(f"性别应为“男”或“女”，收到的是「{gender}」")
