"""村规民约 (seed 五(一)2, annex task 3): a village's covenant as versioned text, the path each
version takes from 征集意见 to 张贴公布, and its distribution to every household.

* ``VillageCovenant`` is one version: its number, title, preamble, and the dates its path set
  (adopted, filed, posted). Only one version of a unit is 现行 (``is_current``); the database
  refuses a second (a partial unique index), the domain says why first.
* ``CovenantChapter`` and ``CovenantClause`` are its text: chapters in order, clauses numbered
  through the whole covenant (第一条 … 第六十条), as such texts are cited.
* ``CovenantStep`` is one step of the path, with the facts of that step (counts, opinion, place).
* ``CovenantDelivery`` is a booklet or a poster handed to a household, with who took it.
"""
from __future__ import annotations

from peewee import (BooleanField, CharField, DateField, ForeignKeyField, IntegerField, SQL,
                    TextField)

from ...store.models.base import BaseModel
from ...store.models.roster import Household, Resident, Unit

# The path of a version, in the order it must be walked (民政部等2018年指导意见 and the seed).
STEP_KINDS = (("consult", "征集意见"), ("branch", "支委会酝酿"), ("party", "党员大会讨论"),
              ("review", "镇审核"), ("vote", "村民代表大会审定"), ("filing", "报镇备案"),
              ("posting", "张贴公布"))
REVIEW_RESULTS = (("approved", "同意提交表决"), ("revise", "修改后提交表决"))
DELIVERY_FORMS = (("booklet", "小册子"), ("poster", "海报"))


class VillageCovenant(BaseModel):
    unit = ForeignKeyField(Unit, backref="covenants", on_delete="CASCADE", verbose_name="所属单位")
    version = IntegerField(verbose_name="版本")
    title = CharField(verbose_name="标题")
    preamble = TextField(default="", verbose_name="序言")
    is_current = BooleanField(default=False, verbose_name="现行")
    adopted_on = DateField(null=True, verbose_name="审定日期")
    filed_on = DateField(null=True, verbose_name="备案日期")
    posted_on = DateField(null=True, verbose_name="公布日期")
    superseded_on = DateField(null=True, verbose_name="废止日期")
    note = TextField(default="", verbose_name="备注")

    class Meta:
        verbose_name = "村规民约"
        indexes = ((("unit", "version"), True),)


# One 现行 version a unit, kept by the database too.
VillageCovenant.add_index(VillageCovenant.index(VillageCovenant.unit, unique=True,
                                                name="village_covenant_one_current")
                          .where(SQL('"is_current" = 1')))


class CovenantChapter(BaseModel):
    covenant = ForeignKeyField(VillageCovenant, backref="chapters", on_delete="CASCADE",
                               verbose_name="村规民约")
    number = IntegerField(verbose_name="章")
    title = CharField(verbose_name="章名")

    class Meta:
        verbose_name = "村规民约章"
        indexes = ((("covenant", "number"), True),)


class CovenantClause(BaseModel):
    chapter = ForeignKeyField(CovenantChapter, backref="clauses", on_delete="CASCADE",
                              verbose_name="所属章")
    number = IntegerField(verbose_name="条")
    text = TextField(verbose_name="条款内容")

    class Meta:
        verbose_name = "村规民约条款"
        indexes = ((("chapter", "number"), True),)


class CovenantStep(BaseModel):
    covenant = ForeignKeyField(VillageCovenant, backref="steps", on_delete="CASCADE",
                               verbose_name="村规民约")
    kind = CharField(choices=STEP_KINDS, verbose_name="环节")
    held_on = DateField(verbose_name="日期")
    record = TextField(default="", verbose_name="情况记录")
    opinion_count = IntegerField(null=True, verbose_name="收集意见（条）")
    sources = TextField(default="", verbose_name="意见来自")
    due_count = IntegerField(null=True, verbose_name="应到人数")
    present_count = IntegerField(null=True, verbose_name="实到人数")
    agree_count = IntegerField(null=True, verbose_name="同意")
    against_count = IntegerField(null=True, verbose_name="反对")
    abstain_count = IntegerField(null=True, verbose_name="弃权")
    review_result = CharField(default="", choices=REVIEW_RESULTS, verbose_name="审核结论")
    opinion = TextField(default="", verbose_name="审核意见")
    place = TextField(default="", verbose_name="张贴地点")

    class Meta:
        verbose_name = "村规民约制定环节"
        indexes = ((("covenant", "kind"), True),)


class CovenantDelivery(BaseModel):
    unit = ForeignKeyField(Unit, backref="covenant_deliveries", on_delete="CASCADE",
                           verbose_name="所属单位")
    covenant = ForeignKeyField(VillageCovenant, backref="deliveries", on_delete="CASCADE",
                               verbose_name="村规民约")
    household = ForeignKeyField(Household, backref="covenant_deliveries", on_delete="CASCADE",
                                verbose_name="户")
    form = CharField(choices=DELIVERY_FORMS, default="booklet", verbose_name="发放形式")
    delivered_on = DateField(verbose_name="发放日期")
    receiver = ForeignKeyField(Resident, null=True, backref="covenant_receipts",
                               on_delete="SET NULL", verbose_name="领取人")
    receiver_name = CharField(verbose_name="领取人姓名")
    deliverer = CharField(default="", verbose_name="发放人")
    note = TextField(default="", verbose_name="备注")

    class Meta:
        verbose_name = "村规民约发放"
        indexes = ((("covenant", "household"), True),)


COVENANT_MODELS = (VillageCovenant, CovenantChapter, CovenantClause, CovenantStep, CovenantDelivery)
