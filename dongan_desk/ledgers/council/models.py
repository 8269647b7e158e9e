"""红白理事会 (seed 五(一)6, annex row 7): the council of a village, its members, texts and
meetings; its 支客士 with training and certificates; and the 红白事报备 (ceremony filings).

Every top-level record carries its ``unit``, so a village's snapshot is "all rows of the unit".
A person who lives in the village is linked to the roster (``resident``); others (the town
leader who is 总会长, a 支客士 from the next village) are name text only. The name is kept in
both cases so a record still reads right after the resident moves away.
"""
from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ...store.models.base import BaseModel
from ...store.models.roster import GENDERS, Household, Resident, Unit

COUNCIL_ROLES = (("chief", "总会长"), ("instructor", "指导员"), ("president", "会长"),
                 ("vice_president", "副会长"), ("director", "理事"), ("member", "会员"))
COUNCIL_TEXT_KINDS = (("charter", "章程"), ("rules", "管理制度"), ("other", "其他"))
MEETING_KINDS = (("general", "会员大会"), ("board", "理事会会议"))
CEREMONY_KINDS = (("wedding", "婚事"), ("funeral", "丧事"), ("full_month", "满月"),
                  ("school", "升学"), ("birthday", "寿宴"), ("housewarming", "乔迁"),
                  ("other", "其他"))
OUTCOMES = (("", "未监督"), ("compliant", "合规"), ("problem", "存在问题"))


class Council(BaseModel):
    """One per village: the facts of the council itself, above all whether its 党小组 exists."""

    unit = ForeignKeyField(Unit, unique=True, backref="councils", on_delete="CASCADE",
                           verbose_name="所属单位")
    name = CharField(verbose_name="理事会名称")
    founded_on = DateField(null=True, verbose_name="成立日期")
    party_group_formed_on = DateField(null=True, verbose_name="党小组成立日期")
    party_group_leader = CharField(default="", verbose_name="党小组长")
    note = TextField(default="", verbose_name="备注")

    class Meta:
        verbose_name = "红白理事会"


class CouncilMember(BaseModel):
    unit = ForeignKeyField(Unit, backref="council_members", on_delete="CASCADE",
                           verbose_name="所属单位")
    role = CharField(choices=COUNCIL_ROLES, verbose_name="职务")
    resident = ForeignKeyField(Resident, null=True, backref="council_roles", on_delete="SET NULL",
                               verbose_name="本村人员")
    name = CharField(verbose_name="姓名")
    # Only read when ``resident`` is empty: a linked person's party membership is the roster's.
    is_party_member = BooleanField(default=False, verbose_name="党员")
    phone = CharField(default="", verbose_name="联系电话")
    work_unit = CharField(default="", verbose_name="单位或职务")
    term_start = DateField(verbose_name="任期开始")
    term_end = DateField(null=True, verbose_name="任期结束")
    note = TextField(default="", verbose_name="备注")

    class Meta:
        verbose_name = "红白理事会成员"


class CouncilText(BaseModel):
    """The 章程 and 管理制度 (and other rules) as adopted."""

    unit = ForeignKeyField(Unit, backref="council_texts", on_delete="CASCADE",
                           verbose_name="所属单位")
    kind = CharField(choices=COUNCIL_TEXT_KINDS, verbose_name="类别")
    title = CharField(verbose_name="标题")
    adopted_on = DateField(verbose_name="通过日期")
    body = TextField(default="", verbose_name="正文")

    class Meta:
        verbose_name = "红白理事会章程制度"


class CouncilMeeting(BaseModel):
    unit = ForeignKeyField(Unit, backref="council_meetings", on_delete="CASCADE",
                           verbose_name="所属单位")
    kind = CharField(choices=MEETING_KINDS, default="general", verbose_name="会议类别")
    held_on = DateField(verbose_name="会议日期")
    place = CharField(default="", verbose_name="地点")
    due_count = IntegerField(verbose_name="应到人数")
    present_count = IntegerField(verbose_name="实到人数")
    topics = TextField(default="", verbose_name="议题")
    decisions = TextField(default="", verbose_name="决定事项")
    recorder = CharField(default="", verbose_name="记录人")

    class Meta:
        verbose_name = "红白理事会会议"


class Emcee(BaseModel):
    """A 支客士: works at weddings and funerals only with a valid certificate (持证上岗)."""

    unit = ForeignKeyField(Unit, backref="emcees", on_delete="CASCADE", verbose_name="所属单位")
    resident = ForeignKeyField(Resident, null=True, backref="emcee_roles", on_delete="SET NULL",
                               verbose_name="本村人员")
    name = CharField(verbose_name="姓名")
    gender = CharField(default="", choices=GENDERS, verbose_name="性别")
    phone = CharField(default="", verbose_name="联系电话")
    certificate_no = CharField(default="", verbose_name="证书编号")
    certificate_issued_on = DateField(null=True, verbose_name="发证日期")
    certificate_expires_on = DateField(null=True, verbose_name="有效期至")
    issued_by = CharField(default="", verbose_name="发证单位")
    active = BooleanField(default=True, verbose_name="在册")
    note = TextField(default="", verbose_name="备注")

    class Meta:
        verbose_name = "支客士"


class EmceeTraining(BaseModel):
    emcee = ForeignKeyField(Emcee, backref="trainings", on_delete="CASCADE",
                            verbose_name="支客士")
    trained_on = DateField(verbose_name="培训日期")
    hours = FloatField(verbose_name="学时")
    content = TextField(verbose_name="培训内容")
    trainer = CharField(default="", verbose_name="授课人")

    class Meta:
        verbose_name = "支客士培训"


class CeremonyFiling(BaseModel):
    """A 红白事报备: what the host family told the council before (or, for a funeral, right
    after) the event, and what on-site supervision found."""

    unit = ForeignKeyField(Unit, backref="ceremony_filings", on_delete="CASCADE",
                           verbose_name="所属单位")
    kind = CharField(choices=CEREMONY_KINDS, index=True, verbose_name="类别")
    # The household may later leave the roster; the filing stays, with the host's name.
    household = ForeignKeyField(Household, null=True, backref="ceremony_filings",
                                on_delete="SET NULL", verbose_name="主家（户）")
    host_name = CharField(verbose_name="主家姓名")
    host_phone = CharField(default="", verbose_name="主家电话")
    subject = CharField(default="", verbose_name="事由")
    start_on = DateField(index=True, verbose_name="开始日期")
    end_on = DateField(verbose_name="结束日期")
    place = CharField(default="", verbose_name="举办地点")
    tables = IntegerField(verbose_name="预计桌数")
    guests = IntegerField(verbose_name="预计人数")
    emcee = ForeignKeyField(Emcee, null=True, backref="filings", on_delete="RESTRICT",
                            verbose_name="支客士")
    filed_on = DateField(verbose_name="报备日期")
    received_by = CharField(default="", verbose_name="受理人")
    # The limits it broke when saved ('' = none), in the clerk's words, "；"-separated.
    breaches = TextField(default="", verbose_name="超出限额")
    breach_note = TextField(default="", verbose_name="超限说明")
    supervisor = CharField(default="", verbose_name="现场监督人")
    supervision = TextField(default="", verbose_name="现场监督情况")
    outcome = CharField(default="", choices=OUTCOMES, verbose_name="监督结果")
    problem = TextField(default="", verbose_name="存在的问题")
    note = TextField(default="", verbose_name="备注")

    class Meta:
        verbose_name = "红白事报备"
        indexes = ((("unit", "start_on"), False),)


COUNCIL_MODELS = (Council, CouncilMember, CouncilText, CouncilMeeting, Emcee, EmceeTraining,
                  CeremonyFiling)
