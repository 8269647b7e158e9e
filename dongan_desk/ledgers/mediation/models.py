"""矛盾纠纷调解 (seed 五(二), the 四调 ladder) and the 人民调解 documents of FORMS.md §1.

A dispute (``Dispute``) has two or more parties, climbs the ladder in mediation steps, and may end
in an agreement with follow-up visits. Parties are copied from the roster when they live here, so
a printed agreement keeps the details it was signed with even if the roster changes later.
"""
from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ...store.models.base import BaseModel
from ...store.models.roster import GENDERS, Resident, Unit

TIERS = ((1, "院户亲情调"), (2, "村规民约调"), (3, "支部说事调"), (4, "司法权威调"))
# Who mediates at each tier (seed 五(二)1–4): a hint for the form and the printed record.
TIER_MEDIATORS = {
    1: "院落长（点长）及当事人信任的亲戚朋友、街坊邻居",
    2: "村民小组民事调解队（老党员、老干部、退休干部）",
    3: "村民说事会（可邀驻村律师、驻村民警为顾问）",
    4: "人民法庭",
}
SOURCES = (("apply", "当事人申请"), ("initiative", "主动调解"), ("police", "公安机关移交"),
           ("court", "人民法院委托"), ("government", "政府部门指定"))
RISK_LEVELS = (("normal", "一般"), ("major", "较大"), ("grave", "重大"))
STATUSES = (("open", "调解中"), ("settled", "调解成功"), ("failed", "调解不成功"),
            ("transferred", "已移交人民法庭"), ("withdrawn", "已撤回"))
STEP_RESULTS = (("settled", "达成协议"), ("again", "未达成，本级继续调解"),
                ("escalate", "未达成，上升一级调解"), ("failed", "调解不成，终结"))
AGREEMENT_KINDS = (("written", "书面协议"), ("oral", "口头协议"))
PERFORMANCE = (("pending", "待履行"), ("done", "已履行"), ("partial", "部分履行"),
               ("not", "未履行"))
SATISFACTION = (("satisfied", "满意"), ("fair", "基本满意"), ("unsatisfied", "不满意"))

FACTS_MAX = 5000  # long enough for the 3-page agreements some disputes need


class DisputeCategory(BaseModel):
    """An entry of a unit's editable list of 纠纷类型, versioned: a change never rewrites history.

    Each change to the list makes a new list version; an entry is part of versions
    ``version_from`` … ``version_to - 1``. A renamed entry is a new row that ``replaces`` the old
    one, so cases keep the name they were filed under and statistics can follow the rename.
    """

    unit = ForeignKeyField(Unit, backref="dispute_categories", on_delete="CASCADE",
                           verbose_name="所属单位")
    name = CharField(verbose_name="纠纷类型")
    sort_order = IntegerField(default=0, verbose_name="排序")
    active = BooleanField(default=True, verbose_name="启用")
    version_from = IntegerField(default=1, verbose_name="启用于版本")
    version_to = IntegerField(null=True, verbose_name="停用于版本")
    replaces = ForeignKeyField("self", null=True, backref="replaced_by", on_delete="SET NULL",
                               verbose_name="取代的类型")

    class Meta:
        verbose_name = "纠纷类型"

    def __str__(self) -> str:
        return self.name


class Dispute(BaseModel):
    unit = ForeignKeyField(Unit, backref="disputes", on_delete="CASCADE", verbose_name="所属单位")
    year = IntegerField(verbose_name="年度")
    serial = IntegerField(verbose_name="序号")
    accepted_on = DateField(verbose_name="受理日期")
    source = CharField(choices=SOURCES, verbose_name="案件来源")
    category = ForeignKeyField(DisputeCategory, backref="disputes", on_delete="RESTRICT",
                               verbose_name="纠纷类型")
    facts = TextField(verbose_name="纠纷简要情况")
    amount = DecimalField(max_digits=14, decimal_places=2, auto_round=True, default=0,
                          verbose_name="涉及金额（元）")
    risk_level = CharField(choices=RISK_LEVELS, default="normal", verbose_name="风险等级")
    status = CharField(choices=STATUSES, default="open", index=True, verbose_name="状态")
    start_tier = IntegerField(choices=TIERS, default=1, verbose_name="起始调解层级")
    start_reason = TextField(default="", verbose_name="越级原因")
    registrar = CharField(default="", verbose_name="登记人")
    closed_on = DateField(null=True, verbose_name="办结日期")
    close_note = TextField(default="", verbose_name="办结说明")
    # 人民调解法 allows a longer mediation when both parties agree: the new limit and why.
    extended_to = DateField(null=True, verbose_name="延长后的调解期限")
    extended_on = DateField(null=True, verbose_name="延期日期")
    extension_reason = TextField(default="", verbose_name="延期原因")
    extension_consent = BooleanField(default=False, verbose_name="双方当事人同意延期")

    class Meta:
        verbose_name = "矛盾纠纷"
        indexes = ((("unit", "year", "serial"), True), (("unit", "accepted_on"), False))

    @property
    def number(self) -> str:
        return case_number(self.year, self.unit.short_name, self.serial)


def case_number(year: int, short_name: str, serial: int) -> str:
    """（2026）兴田人调字第3号 — FORMS.md §1; N counts per unit per year."""
    return f"（{year}）{short_name}人调字第{serial}号"


class DisputeParty(BaseModel):
    """A party: a resident (details copied from the roster) or someone from outside."""

    dispute = ForeignKeyField(Dispute, backref="parties", on_delete="CASCADE", verbose_name="纠纷")
    position = IntegerField(default=0, verbose_name="顺序")
    resident = ForeignKeyField(Resident, null=True, backref="dispute_parties",
                               on_delete="RESTRICT", verbose_name="花名册人员")
    name = CharField(verbose_name="姓名")
    gender = CharField(default="", choices=GENDERS, verbose_name="性别")
    ethnicity = CharField(default="汉族", verbose_name="民族")
    age = IntegerField(null=True, verbose_name="年龄")
    birth_date = DateField(null=True, verbose_name="出生日期")
    occupation = CharField(default="", verbose_name="职业或职务")
    phone = CharField(default="", verbose_name="联系方式")
    address = CharField(default="", verbose_name="单位或住址")
    id_number = CharField(null=True, verbose_name="身份证号")

    class Meta:
        verbose_name = "纠纷当事人"


class MediationStep(BaseModel):
    """One mediation session on the ladder, with its result (and why it went up, if it did)."""

    dispute = ForeignKeyField(Dispute, backref="steps", on_delete="CASCADE", verbose_name="纠纷")
    tier = IntegerField(choices=TIERS, verbose_name="调解层级")
    held_on = DateField(verbose_name="调解日期")
    place = CharField(default="", verbose_name="调解地点")
    mediators = TextField(verbose_name="调解人员")
    covenant_clause = TextField(default="", verbose_name="依据的村规民约条款")
    record = TextField(verbose_name="调解记录摘要")
    result = CharField(choices=STEP_RESULTS, verbose_name="调解结果")
    escalation_reason = TextField(default="", verbose_name="上升原因")

    class Meta:
        verbose_name = "调解记录"
        indexes = ((("dispute", "held_on"), False),)


class Agreement(BaseModel):
    dispute = ForeignKeyField(Dispute, backref="agreements", unique=True, on_delete="CASCADE",
                              verbose_name="纠纷")
    kind = CharField(choices=AGREEMENT_KINDS, default="written", verbose_name="协议形式")
    items = TextField(verbose_name="协议内容")  # one item a line; numbered when printed
    perform_how = TextField(default="", verbose_name="履行方式")
    perform_place = CharField(default="", verbose_name="履行地点")
    perform_by = DateField(null=True, verbose_name="履行期限")
    amount = DecimalField(max_digits=14, decimal_places=2, auto_round=True, default=0,
                          verbose_name="协议涉及金额（元）")
    copies = IntegerField(verbose_name="份数")
    effective_on = DateField(verbose_name="生效日期")
    confirmation_applied_on = DateField(null=True, verbose_name="申请司法确认日期")
    mediator = CharField(default="", verbose_name="人民调解员")
    recorder = CharField(default="", verbose_name="记录人")
    performance = CharField(choices=PERFORMANCE, default="pending", verbose_name="履行情况")
    performance_note = TextField(default="", verbose_name="履行情况说明")

    class Meta:
        verbose_name = "调解协议"


class FollowUp(BaseModel):
    """回访: the committee's visit after the agreement, checking performance and new risks."""

    dispute = ForeignKeyField(Dispute, backref="follow_ups", on_delete="CASCADE",
                              verbose_name="纠纷")
    visited_on = DateField(verbose_name="回访时间")
    visitor = CharField(verbose_name="回访人")
    reason = CharField(default="了解协议履行情况", verbose_name="回访事由")
    situation = TextField(verbose_name="回访情况")
    satisfaction = CharField(choices=SATISFACTION, default="satisfied", verbose_name="当事人满意度")
    new_risks = TextField(default="", verbose_name="新的风险隐患")
    measures = TextField(default="", verbose_name="采取的措施")

    class Meta:
        verbose_name = "调解回访"


MEDIATION_MODELS = (DisputeCategory, Dispute, DisputeParty, MediationStep, Agreement, FollowUp)
