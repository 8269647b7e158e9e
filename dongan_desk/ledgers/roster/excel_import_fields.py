"""导入花名册: the fields a clerk's column can feed, guessing them from header words, and turning
one cell of a village sheet into what the roster stores.

Pure functions, no database and no openpyxl: the reader hands over plain cell values (text,
numbers, dates). Every refusal is a :class:`CellProblem` whose texts a clerk can act on.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ...idnumbers import InvalidIdNumber, check_char, normalize_id_number, parse_id_number


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    exact: tuple[str, ...]  # header words that mean this field
    contains: tuple[str, ...] = ()  # words a longer header may contain, e.g. “家庭住址（详细）”
    multiple: bool = False  # several columns may feed it (their values are joined)


IGNORE = ""
CATEGORY_FLAG = "flag:"  # + a category name: a column of √ marks headed e.g. “低保”

# Order matters for ``contains``: the more specific field first (户主姓名 before 姓名).
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("head_name", "户主姓名", ("户主姓名", "户主名字", "户主"), ("户主姓名",)),
    FieldSpec("name", "姓名", ("姓名", "名字", "居民姓名", "人员姓名", "成员姓名", "家庭成员姓名"),
              ("姓名",)),
    FieldSpec("id_number", "身份证号", ("身份证号", "身份证号码", "公民身份号码", "身份号码", "身份证",
                                    "证件号码", "居民身份证号码"), ("身份证", "身份号码", "证件号")),
    FieldSpec("relation", "与户主关系", ("与户主关系", "关系", "家庭关系", "与户主的关系", "称谓"),
              ("户主关系",)),
    FieldSpec("household_no", "户编号", ("户编号", "户号", "户序号", "家庭编号", "户籍编号"),
              ("户编号", "户号")),
    FieldSpec("address", "住址", ("住址", "家庭住址", "地址", "居住地址", "现住址", "家庭地址", "户籍地址",
                                "详细地址"), ("住址", "地址")),
    FieldSpec("phone", "联系电话", ("电话", "联系电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
              ("电话", "手机", "联系方式")),
    FieldSpec("courtyard", "院落网格", ("院落", "院落网格", "网格", "所属网格", "院落名称", "所属院落",
                                   "院落式网格", "所属院落网格"), ("院落",)),
    FieldSpec("group", "组（社）", ("组", "社", "村民小组", "小组", "组别", "所属小组", "所在组", "居民小组",
                                "组名"), ("村民小组", "居民小组")),
    FieldSpec("party_join_date", "入党日期", ("入党日期", "入党时间", "入党年月"), ("入党",)),
    FieldSpec("party_branch", "所在支部", ("所在支部", "支部", "党支部", "所在党支部"), ("支部",)),
    FieldSpec("party", "党员", ("党员", "是否党员", "政治面貌"), ("政治面貌", "是否党员")),
    FieldSpec("categories", "群体类别", ("类别", "困难类别", "特殊群体", "困难群体", "人员类别", "群体类别",
                                     "类型", "特殊人群", "重点人群", "人员类型", "特殊群体类别"),
              ("类别", "群体", "人群"), multiple=True),
    FieldSpec("gender", "性别", ("性别",), ("性别",)),
    FieldSpec("birth_date", "出生日期", ("出生日期", "出生年月", "出生年月日", "生日", "出生时间"), ("出生",)),
    FieldSpec("note", "备注", ("备注", "说明", "其他情况", "情况说明"), ("备注",), multiple=True),
)
FIELD_BY_KEY = {spec.key: spec for spec in FIELDS}
# Headers that contain a field's word but name something else (“网格员” is a person, not a grid).
_NOT_A_FIELD = ("网格员", "院落长", "点长", "责任人", "组长", "联系人", "序号")

# Our own 错误清单's columns: never data, so its rows can be imported again as they are.
ERROR_LIST_HEADERS = ("原工作表", "原行号", "出错的列", "原来的内容", "问题", "怎么改")


def field_label(key: str) -> str:
    if key == IGNORE:
        return "不导入"
    if key.startswith(CATEGORY_FLAG):
        return f"类别：{key[len(CATEGORY_FLAG):]}（打√的人）"
    return FIELD_BY_KEY[key].label


def field_key_from_text(text: str, category_names: list[str]) -> str | None:
    """A field named by a clerk (``姓名``, ``name``, ``不导入``, ``类别:低保``); None if unknown."""
    word = clean_header(text)
    if word in ("不导入", "忽略", "ignore", "-"):
        return IGNORE
    for spec in FIELDS:
        if word in (spec.key, clean_header(spec.label)) or word in spec.exact:
            return spec.key
    for prefix in ("类别:", "类别：", CATEGORY_FLAG):
        if word.startswith(prefix) and word[len(prefix):] in category_names:
            return CATEGORY_FLAG + word[len(prefix):]
    return None


def clean_header(value: Any) -> str:
    """A header as compared: NFKC, no spaces or line breaks, no marks like “*” or “（必填）”."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = re.sub(r"\((必填|选填|可不填|[^)]*格式[^)]*)\)", "", text)
    return re.sub(r"[\s*:：]", "", text)


def guess_field(header: Any, category_names: list[str]) -> str:
    """The field a header most likely means, or IGNORE."""
    word = clean_header(header)
    if not word or word in ERROR_LIST_HEADERS:
        return IGNORE
    for spec in FIELDS:
        if word in spec.exact:
            return spec.key
    if any(bad in word for bad in _NOT_A_FIELD):
        return IGNORE
    for spec in FIELDS:
        if any(part in word for part in spec.contains):
            return spec.key
    category = match_category(word, category_names)
    return CATEGORY_FLAG + category if category else IGNORE


# ---- cell values -------------------------------------------------------------------------

class CellProblem(ValueError):
    """A cell that cannot be taken: what is wrong, and what to do, both in plain Chinese."""

    def __init__(self, problem: str, advice: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.advice = advice


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without “.0”, dates as YYYY-MM-DD, NFKC, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


def clean_name(value: Any) -> str:
    """Names padded to line up (“张  三”) lose the padding; “·” names keep their dot."""
    text = cell_text(value)
    if text and all(_is_cjk(ch) or ch.isspace() or ch in "·•" for ch in text):
        text = "".join(text.split()).replace("•", "·")
    return text


def _is_cjk(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo"


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)


def convert_old_id_number(number: str) -> str:
    """A 15-digit 身份证号 (issued before 1999) as its 18-digit form: “19” before the year and the
    GB 11643 check character at the end, as the public security bureau converts them."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_char(first17)


def read_id_number(value: Any, today: dt.date) -> tuple[str | None, str | None]:
    """(18-digit number or None when empty, a note for the preview); raises CellProblem."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = f"{value:.0f}"
        if len(digits) > 15:
            # Excel keeps 15 significant digits of a number: the rest became zeros when typed.
            raise CellProblem(
                f"身份证号被存成了数字（{value:.5E}），Excel 只保留前15位，后{len(digits) - 15}位已经丢失",
                "把这一列设成“文本”格式，对照身份证重新输入完整的18位号码（或在号码前加英文单引号 '）")
        value = digits
    text = normalize_id_number(cell_text(value))
    if not text:
        return None, None
    if _SCIENTIFIC.match(text):
        raise CellProblem(f"身份证号显示成了科学计数法（{text}），后面的数字已经丢失",
                          "把这一列设成“文本”格式，对照身份证重新输入完整的18位号码")
    note = None
    if len(text) == 15 and text.isdigit():
        text, note = convert_old_id_number(text), f"旧的15位身份证号已换算成18位：{text} → "
    try:
        info = parse_id_number(text, today=today)
    except InvalidIdNumber as exc:
        raise CellProblem(exc.message, "对照身份证改正这一格；实在没有身份证号的，可以空着") from None
    return info.number, (note + info.number) if note else None


_RELATION_WORDS = {
    "户主": ("户主", "本人", "户主本人"),
    "配偶": ("配偶", "妻", "妻子", "夫", "丈夫", "爱人", "老伴"),
    "子": ("子", "儿子", "长子", "次子", "三子", "四子", "五子", "独子", "养子", "继子"),
    "女": ("女", "女儿", "长女", "次女", "三女", "四女", "五女", "独女", "养女", "继女"),
    "父母": ("父母", "父亲", "母亲", "父", "母", "养父", "养母", "继父", "继母"),
    "孙子女": ("孙子女", "孙子", "孙女", "外孙", "外孙子", "外孙女", "孙"),
    "兄弟姐妹": ("兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹", "兄弟", "姐妹"),
}
# Kin the model has no code for: recorded as 其他, the word kept in 备注.
_OTHER_KIN = ("其他", "儿媳", "媳", "女婿", "公公", "婆婆", "岳父", "岳母", "祖父", "祖母", "外祖父",
              "外祖母", "侄子", "侄女", "外甥", "外甥女", "曾孙", "曾孙女", "孙媳", "嫂", "弟媳", "非亲属")
RELATION_BY_WORD = {word: code for code, words in _RELATION_WORDS.items() for word in words}


def read_relation(value: Any) -> tuple[str | None, str | None]:
    """(relation code or None when empty, the original word when it is kept as 其他)."""
    word = re.sub(r"\s", "", cell_text(value))
    if not word:
        return None, None
    if word in RELATION_BY_WORD:
        return RELATION_BY_WORD[word], None
    if word in _OTHER_KIN:
        return "其他", None if word == "其他" else word
    raise CellProblem(f"与户主关系“{word}”看不懂",
                      "改成 户主、配偶、子、女、父母、孙子女、兄弟姐妹 或 其他 中的一个")


_YES = ("是", "√", "✓", "✔", "☑", "y", "yes", "1", "true", "有", "党员", "中共党员", "中共预备党员",
        "预备党员", "正式党员", "共产党员")
_NO = ("否", "×", "x", "✗", "n", "no", "0", "false", "无", "不是", "群众", "共青团员", "团员", "非党员",
       "民主党派", "无党派人士", "无党派")


def read_yes_no(value: Any, what: str) -> bool | None:
    word = cell_text(value).lower().replace(" ", "")
    if not word:
        return None
    if word in _YES:
        return True
    if word in _NO or word.startswith(("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟")):
        return False
    raise CellProblem(f"{what}一栏的“{cell_text(value)}”看不懂",
                      "是党员的填“是”或“中共党员”，不是的填“否”或“群众”，或者空着")


def read_gender(value: Any) -> str | None:
    word = cell_text(value).replace("性", "")
    if not word:
        return None
    if word in ("男", "女"):
        return word
    raise CellProblem(f"性别“{cell_text(value)}”看不懂", "填“男”或“女”")


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def read_date(value: Any, label: str, today: dt.date) -> dt.date | None:
    """Dates as clerks type them: Excel dates, 1962.03.05, 1962年3月5日, 1962-3-5, 19620305."""
    if value is None or value == "":
        return None
    found: dt.date | None
    if isinstance(value, dt.datetime):
        found = value.date()
    elif isinstance(value, dt.date):
        found = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 80000 \
            and not 1900 <= value <= 2100:
        # A date cell that lost its date format shows the day number Excel keeps underneath.
        found = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    else:
        text = cell_text(value)
        match = _DATE_TEXT.match(text) or _DATE_COMPACT.match(text)
        try:
            found = dt.date(*map(int, match.groups())) if match else None
        except ValueError:
            found = None
        if found is None:
            raise CellProblem(f"{label}“{text}”看不懂或不存在",
                              "写成 1962-03-05、1962.03.05 或 1962年3月5日 这样的年月日")
    if found > today or found.year < 1900:
        raise CellProblem(f"{label}{found.isoformat()}不对（晚于今天或早于1900年）", "对照证件改正日期")
    return found


def read_phone(value: Any) -> str:
    return cell_text(value)


_SEPARATORS = re.compile(r"[、,，;；/／\s|]+")
# Words clerks write for the program's default categories (a unit may have renamed them: then
# only the exact name matches).
CATEGORY_SYNONYMS = {
    "低保": ("低保", "低保户", "城乡低保", "农村低保", "低保对象"),
    "特困供养": ("特困", "特困供养", "特困人员", "五保", "五保户", "分散供养", "集中供养"),
    "残疾": ("残疾", "残疾人", "残疾人员", "肢体残疾", "视力残疾", "听力残疾", "智力残疾", "精神残疾",
           "言语残疾", "多重残疾"),
    "留守老人": ("留守老人",),
    "留守儿童": ("留守儿童",),
    "独居老人": ("独居老人", "空巢老人", "孤寡老人"),
    "防返贫监测": ("防返贫监测", "防返贫", "监测户", "防返贫监测户", "防止返贫监测对象", "监测对象"),
    "重病患者": ("重病患者", "重病", "大病", "大病患者", "重大疾病"),
    "社区矫正": ("社区矫正", "社区矫正对象", "矫正", "矫正对象"),
    "刑满释放": ("刑满释放", "刑满释放人员", "刑释", "刑释人员", "刑释解教"),
    "严重精神障碍": ("严重精神障碍", "严重精神障碍患者", "精神障碍", "精神病", "肇事肇祸精神病人"),
    "吸毒人员": ("吸毒人员", "吸毒", "社区戒毒", "社区康复", "戒毒人员"),
    "重点青少年": ("重点青少年", "闲散青少年"),
    "重点信访": ("重点信访", "重点信访人员", "信访", "上访"),
}


def match_category(word: str, category_names: list[str]) -> str | None:
    """The unit's category a word names (“低保户” → 低保, “二级肢体残疾” → 残疾), or None."""
    word = word.strip()
    if not word:
        return None
    if word in category_names:
        return word
    for name in category_names:
        if word in CATEGORY_SYNONYMS.get(name, ()):
            return name
    # Longer words first, so “留守老人” is not taken for “老人”-something shorter.
    candidates = sorted(((syn, name) for name in category_names
                         for syn in (name, *CATEGORY_SYNONYMS.get(name, ()))), key=lambda p: -len(p[0]))
    for synonym, name in candidates:
        if len(synonym) >= 2 and synonym in word:
            return name
    return None


def read_categories(value: Any, category_names: list[str], *, strict: bool) -> list[str]:
    """The categories a cell names. ``strict`` (a 类别 column): an unknown word is refused;
    otherwise (备注) free text is only searched for category words."""
    found: list[str] = []
    unknown: list[str] = []
    for word in _SEPARATORS.split(cell_text(value)):
        if not word or word in ("无", "否", "/", "-", "—"):
            continue
        name = match_category(word, category_names)
        if name:
            found.append(name)
        else:
            unknown.append(word)
    if strict and unknown:
        raise CellProblem(f"群体类别“{'、'.join(unknown)}”不在本村的类别里",
                          f"改成 {'、'.join(category_names)} 中的一个或几个（用顿号隔开）；"
                          "确实是新的类别，请先在 设置 → 群体类别 里添加")
    return list(dict.fromkeys(found))
