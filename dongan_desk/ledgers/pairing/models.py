"""党员结对帮扶 (seed 五(一)1, annex row 2): a party member's shown commitment and duties, the
member's one-to-one pairings with households of the 困难群体 / 特殊群体, and the visits made."""
from __future__ import annotations

from peewee import BooleanField, CharField, DateField, ForeignKeyField, TextField

from ...store.models.base import BaseModel
from ...store.models.roster import Household, Resident, Unit

END_REASONS = (
    ("recovered", "已脱困（情况好转，不再需要帮扶）"),
    ("moved", "帮扶对象迁出"),
    ("deceased", "帮扶对象去世"),
    ("reassigned", "调整结对党员"),
    ("member_left", "党员迁出或组织关系转出"),
    ("other", "其他"),
)
VISIT_WAYS = (("home", "入户"), ("phone", "电话"), ("wechat", "微信"), ("other", "其他"))
MOODS = (("stable", "平稳"), ("low", "低落"), ("anxious", "焦虑"), ("agitated", "激动"))


class PartyMemberProfile(BaseModel):
    """What a party member shows (亮身份、亮承诺、亮职责), kept with the member, one per member."""

    resident = ForeignKeyField(Resident, unique=True, backref="party_profiles", on_delete="CASCADE",
                               verbose_name="党员")
    post = CharField(default="", verbose_name="党内职务（身份）")
    commitment = TextField(default="", verbose_name="承诺")
    duties = TextField(default="", verbose_name="职责")

    class Meta:
        verbose_name = "党员承诺职责"


class Pairing(BaseModel):
    """One party member paired with one household, or with one person of that household.

    The household is always kept (for a person, it is theirs): coverage is counted by household.
    Ending a pairing fills ``end_date``; the row and its visits stay as history. A person's
    pairings end before the person is deleted (a roster delete guard): what remains then is
    history: a deleted member's goes with them (CASCADE); a deleted target person's stays with
    their household (SET NULL).
    """

    unit = ForeignKeyField(Unit, backref="pairings", on_delete="CASCADE", verbose_name="所属单位")
    member = ForeignKeyField(Resident, backref="member_pairings", on_delete="CASCADE",
                             verbose_name="结对党员")
    household = ForeignKeyField(Household, backref="pairings", on_delete="CASCADE",
                                verbose_name="帮扶户")
    resident = ForeignKeyField(Resident, null=True, backref="target_pairings", on_delete="SET NULL",
                               verbose_name="帮扶对象")
    start_date = DateField(verbose_name="结对日期")
    end_date = DateField(null=True, index=True, verbose_name="结束日期")
    end_reason = CharField(default="", choices=END_REASONS, verbose_name="结束原因")
    end_note = TextField(default="", verbose_name="结束说明")
    help_content = TextField(default="", verbose_name="帮扶内容")
    watch_points = TextField(default="", verbose_name="监管重点")

    class Meta:
        verbose_name = "结对帮扶"

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class Visit(BaseModel):
    """A 走访记录 of a pairing. ``found_dispute`` marks a visit that found a dispute, from
    which the 矛盾纠纷调解 tab opens a case (see ``rules.dispute_start``)."""

    pairing = ForeignKeyField(Pairing, backref="visits", on_delete="CASCADE", verbose_name="结对")
    visit_date = DateField(verbose_name="走访日期")
    way = CharField(default="home", choices=VISIT_WAYS, verbose_name="走访方式")
    living = TextField(default="", verbose_name="生活情况")
    mood = CharField(default="stable", choices=MOODS, verbose_name="情绪")
    risks = TextField(default="", verbose_name="矛盾隐患")
    help_given = TextField(default="", verbose_name="本次帮扶")
    needs_follow_up = BooleanField(default=False, verbose_name="需要跟进")
    found_dispute = BooleanField(default=False, verbose_name="发现矛盾纠纷")

    class Meta:
        verbose_name = "走访记录"
        indexes = ((("pairing", "visit_date"), False),)


PAIRING_MODELS = (PartyMemberProfile, Pairing, Visit)
