"""管控好线上线下 (seed 五(一)3, annex row 4): the village's QQ and WeChat groups, their 1–2
网络管理员 (trusted residents, 党员优先), and the 舆情 log — what was found online or around a
courtyard, by whom, how it was handled, reported to the township, controlled and settled.

Every top-level record carries its ``unit``; an assignment belongs to its group. People are
linked to the roster and their names kept, so a record still reads right after they move away.
"""
from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ...store.models.base import BaseModel
from ...store.models.roster import Grid, Resident, Unit
from ..mediation.models import Dispute

PLATFORMS = (("qq", "QQ群"), ("wechat", "微信群"), ("other", "其他"))
CHANNELS = (("online", "线上（群内）"), ("offline", "线下（院落）"))
FINDER_ROLES = (("admin", "网络管理员"), ("head", "院落长（点长）"), ("worker", "网格员"),
                ("party", "党员"))
LEVELS = (("general", "一般"), ("major", "较大"), ("grave", "重大"))


class ChatGroup(BaseModel):
    unit = ForeignKeyField(Unit, backref="chat_groups", on_delete="CASCADE", verbose_name="所属单位")
    platform = CharField(choices=PLATFORMS, verbose_name="平台")
    name = CharField(verbose_name="群名称")
    members = IntegerField(default=0, verbose_name="群成员数")
    purpose = CharField(default="", verbose_name="用途")
    created_on = DateField(null=True, verbose_name="建群日期")
    active = BooleanField(default=True, verbose_name="在用")
    note = TextField(default="", verbose_name="备注")

    class Meta:
        verbose_name = "村级网络群"


class GroupAdmin(BaseModel):
    """A 网络管理员 of the village: a resident on the roster, for a term."""

    unit = ForeignKeyField(Unit, backref="group_admins", on_delete="CASCADE", verbose_name="所属单位")
    resident = ForeignKeyField(Resident, null=True, backref="group_admin_roles",
                               on_delete="SET NULL", verbose_name="本村人员")
    name = CharField(verbose_name="姓名")
    phone = CharField(default="", verbose_name="联系电话")
    appointed_on = DateField(verbose_name="选定日期")
    ended_on = DateField(null=True, verbose_name="卸任日期")
    note = TextField(default="", verbose_name="备注")

    class Meta:
        verbose_name = "网络管理员"


class GroupAssignment(BaseModel):
    """Which admin looks after which group."""

    group = ForeignKeyField(ChatGroup, backref="assignments", on_delete="CASCADE", verbose_name="群")
    admin = ForeignKeyField(GroupAdmin, backref="assignments", on_delete="CASCADE",
                            verbose_name="管理员")

    class Meta:
        verbose_name = "群管理分工"
        indexes = ((("group", "admin"), True),)


class OpinionIncident(BaseModel):
    """One 舆情: found (when, where, by whom), handled, reported, controlled, settled."""

    unit = ForeignKeyField(Unit, backref="opinion_incidents", on_delete="CASCADE",
                           verbose_name="所属单位")
    found_at = DateTimeField(index=True, verbose_name="发现时间")
    channel = CharField(choices=CHANNELS, verbose_name="发现途径")
    group = ForeignKeyField(ChatGroup, null=True, backref="incidents", on_delete="SET NULL",
                            verbose_name="所在群")
    grid = ForeignKeyField(Grid, null=True, backref="opinion_incidents", on_delete="SET NULL",
                           verbose_name="所在院落")
    place = CharField(default="", verbose_name="地点")
    finder = ForeignKeyField(Resident, null=True, backref="found_incidents", on_delete="SET NULL",
                             verbose_name="发现人（花名册）")
    finder_name = CharField(verbose_name="发现人")
    finder_role = CharField(choices=FINDER_ROLES, verbose_name="发现人身份")
    subject = CharField(verbose_name="舆情事项")
    summary = TextField(default="", verbose_name="主要内容")
    level = CharField(choices=LEVELS, index=True, verbose_name="舆情等级")
    is_dispute = BooleanField(default=False, verbose_name="涉及矛盾纠纷")
    involved = ForeignKeyField(Resident, null=True, backref="involved_incidents",
                               on_delete="SET NULL", verbose_name="涉及人员（花名册）")
    involved_names = CharField(default="", verbose_name="涉及人员")
    handling = TextField(default="", verbose_name="处置情况")
    handled_by = CharField(default="", verbose_name="处置人")
    handled_at = DateTimeField(null=True, verbose_name="处置时间")
    reported_to = CharField(default="", verbose_name="上报对象")
    reported_at = DateTimeField(null=True, verbose_name="上报时间")
    late_reason = TextField(default="", verbose_name="迟报原因")
    guidance = TextField(default="", verbose_name="管控及教育引导")
    result = TextField(default="", verbose_name="处置结果")
    closed_on = DateField(null=True, verbose_name="办结日期")
    dispute = ForeignKeyField(Dispute, null=True, backref="opinion_incidents",
                              on_delete="SET NULL", verbose_name="转矛盾纠纷案件")
    note = TextField(default="", verbose_name="备注")

    class Meta:
        verbose_name = "舆情信息"
        indexes = ((("unit", "found_at"), False),)


ONLINE_MODELS = (ChatGroup, GroupAdmin, GroupAssignment, OpinionIncident)
