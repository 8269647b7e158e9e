"""Units, the three-level grid, households and residents (seed 五(一)1 and 4)."""
from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .base import BaseModel

UNIT_KINDS = (("town", "镇本级"), ("village", "村/社区"))
GRID_LEVELS = ((1, "镇级总网格"), (2, "村级网格"), (3, "院落式网格"))
RELATIONS = tuple((r, r) for r in ("户主", "配偶", "子", "女", "父母", "孙子女", "兄弟姐妹", "其他"))
GENDERS = (("男", "男"), ("女", "女"))
CATEGORY_GROUPS = (("hardship", "困难群体"), ("special", "特殊群体"))
GRID_ROLES = (("worker", "网格员"), ("head", "院落长（点长）"))
# 在册状态: people and households leave the register without their records (pairings, visits,
# cases) losing who they were about; rules and statistics count only "active". Not indexed:
# nearly everyone is 在册, and an index on it made SQLite sort the whole town for a page.
RECORD_STATUSES = (("active", "在册"), ("moved", "迁出"), ("dead", "死亡"), ("other", "其他注销"))

NAME_MAX = 50
TEXT_MAX = 200


class Unit(BaseModel):
    code = CharField(unique=True, verbose_name="单位代码")
    name = CharField(verbose_name="单位名称")
    short_name = CharField(verbose_name="简称")
    kind = CharField(choices=UNIT_KINDS, verbose_name="单位类型")
    is_home = BooleanField(default=False, verbose_name="本机单位")
    sort_order = IntegerField(default=0, verbose_name="排序")

    class Meta:
        verbose_name = "单位"
        table_name = "unit"

    def __str__(self) -> str:
        return self.name


class Setting(BaseModel):
    """A unit's setting (e.g. the limits its 村规民约 sets), JSON text by key."""

    unit = ForeignKeyField(Unit, backref="settings", on_delete="CASCADE", verbose_name="单位")
    key = CharField(verbose_name="设置项")
    value = TextField(verbose_name="设置值")

    class Meta:
        verbose_name = "单位设置"
        indexes = ((("unit", "key"), True),)


class Grid(BaseModel):
    unit = ForeignKeyField(Unit, backref="grids", on_delete="CASCADE", verbose_name="所属单位")
    level = IntegerField(choices=GRID_LEVELS, verbose_name="网格层级")
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT",
                             verbose_name="上级网格")
    name = CharField(verbose_name="网格名称")
    first_responsible = CharField(default="", verbose_name="第一责任人")
    work_group = TextField(default="", verbose_name="联系工作小组（镇村干部）")
    note = TextField(default="", verbose_name="备注")
    sort_order = IntegerField(default=0, verbose_name="排序")

    class Meta:
        verbose_name = "网格"

    def __str__(self) -> str:
        return self.name


class Household(BaseModel):
    unit = ForeignKeyField(Unit, backref="households", on_delete="CASCADE", verbose_name="所属单位")
    grid = ForeignKeyField(Grid, backref="households", on_delete="RESTRICT",
                           verbose_name="所属院落网格")
    household_no = CharField(default="", verbose_name="户编号")
    address = CharField(default="", verbose_name="住址")
    note = TextField(default="", verbose_name="备注")
    status = CharField(default="active", choices=RECORD_STATUSES, verbose_name="在册状态")
    status_on = DateField(null=True, verbose_name="注销日期")
    status_note = CharField(default="", verbose_name="注销说明")

    class Meta:
        verbose_name = "户"



class Resident(BaseModel):
    unit = ForeignKeyField(Unit, backref="residents", on_delete="CASCADE", verbose_name="所属单位")
    household = ForeignKeyField(Household, backref="members", on_delete="RESTRICT",
                                verbose_name="所在户")
    name = CharField(index=True, verbose_name="姓名")
    id_number = CharField(null=True, verbose_name="身份证号")
    gender = CharField(default="", choices=GENDERS, verbose_name="性别")
    birth_date = DateField(null=True, verbose_name="出生日期")
    phone = CharField(default="", verbose_name="联系电话")
    relation = CharField(default="户主", choices=RELATIONS, verbose_name="与户主关系")
    is_party_member = BooleanField(default=False, index=True, verbose_name="党员")
    party_branch = CharField(default="", verbose_name="所在支部")
    party_join_date = DateField(null=True, verbose_name="入党日期")
    note = TextField(default="", verbose_name="备注")
    status = CharField(default="active", choices=RECORD_STATUSES, verbose_name="在册状态")
    status_on = DateField(null=True, verbose_name="注销日期")
    status_note = CharField(default="", verbose_name="注销说明")

    class Meta:
        verbose_name = "人员"
        # One person, one record per unit: SQLite lets several NULLs through a unique index.
        # (household, is_party_member) covers the grid tree's counts without reading the rows.
        indexes = ((("unit", "id_number"), True), (("household", "is_party_member"), False))

    def __str__(self) -> str:
        return self.name


class Category(BaseModel):
    """An entry of the editable 困难群体 / 特殊群体 lists of a unit."""

    unit = ForeignKeyField(Unit, backref="categories", on_delete="CASCADE", verbose_name="所属单位")
    group = CharField(choices=CATEGORY_GROUPS, verbose_name="群体")
    name = CharField(verbose_name="类别名称")
    sort_order = IntegerField(default=0, verbose_name="排序")
    active = BooleanField(default=True, verbose_name="启用")
    # 敏感个人信息 (个人信息保护法 第28条): a 查看员 sees such a category masked, and viewing a
    # person in one is recorded. The 特殊群体 are sensitive by default.
    sensitive = BooleanField(default=False, verbose_name="敏感类别")

    class Meta:
        verbose_name = "群体类别"
        indexes = ((("unit", "group", "name"), True),)

    @staticmethod
    def value_for_older(field: str, sent: dict):
        """A package from before schema 4 has no 敏感类别: as the upgrade does, 特殊群体 are."""
        return sent.get("group") == "special" if field == "sensitive" else None

    def __str__(self) -> str:
        return self.name


class ResidentCategory(BaseModel):
    resident = ForeignKeyField(Resident, backref="category_links", on_delete="CASCADE",
                               verbose_name="人员")
    category = ForeignKeyField(Category, backref="resident_links", on_delete="RESTRICT",
                               verbose_name="类别")

    class Meta:
        verbose_name = "人员群体类别"
        indexes = ((("resident", "category"), True),)


class GridMember(BaseModel):
    """A resident's role in a courtyard grid: 网格员 or 院落长（点长）."""

    grid = ForeignKeyField(Grid, backref="members", on_delete="CASCADE", verbose_name="网格")
    resident = ForeignKeyField(Resident, backref="grid_roles", on_delete="CASCADE",
                               verbose_name="人员")
    role = CharField(choices=GRID_ROLES, verbose_name="职责")

    class Meta:
        verbose_name = "网格职责"
        indexes = ((("grid", "resident", "role"), True),)

    def __str__(self) -> str:
        return f"{self.grid.name} {self.choice_label('role', self.role)} {self.resident.name}"


ROSTER_MODELS = (Unit, Setting, Grid, Household, Resident, Category, ResidentCategory, GridMember)
