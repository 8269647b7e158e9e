"""Who may use this PC (accounts) and what was done on it (the audit trail).

Both stay on their own PC (``synced=False``): accounts are this office's, and the trail is the
office's own record; neither travels in a 报送包. Passwords are never stored, only their scrypt
hash (see ``store/accounts.py``)."""
from __future__ import annotations

from peewee import AutoField, BooleanField, CharField, DateTimeField, Model, TextField

from ..database import db
from ..session import ROLES
from .base import BaseModel

AUDIT_ACTIONS = (
    ("create", "新增"), ("update", "修改"), ("delete", "删除"), ("status", "状态变更"),
    ("import", "导入"), ("export", "导出"), ("backup", "备份"), ("restore", "恢复"),
    ("print", "打印"), ("view", "查看敏感信息"), ("login", "登录"), ("login_failed", "登录失败"),
    ("logout", "退出"), ("lock", "锁屏"), ("account", "账号变更"), ("settings", "设置变更"),
    ("open_elsewhere", "在另一台电脑上打开"),
)
ACTION_LABELS = dict(AUDIT_ACTIONS)


class Account(BaseModel):
    name = CharField(unique=True, verbose_name="账号")
    full_name = CharField(default="", verbose_name="姓名")
    role = CharField(choices=ROLES, verbose_name="角色")
    password_hash = CharField(verbose_name="密码摘要")
    active = BooleanField(default=True, verbose_name="启用")
    must_change = BooleanField(default=False, verbose_name="下次登录须改密码")
    last_login = DateTimeField(null=True, verbose_name="上次登录")

    class Meta:
        verbose_name = "账号"
        synced = False

    def __str__(self) -> str:
        return self.name


class AuditEntry(Model):
    """One thing done on this PC. Rows are only ever added: triggers refuse UPDATE and DELETE,
    and each row's hash covers the previous row's, so an edited or removed row breaks the chain
    (``store/audit.py:verify_chain``)."""

    id = AutoField(verbose_name="序号")
    at = DateTimeField(verbose_name="时间")
    account = CharField(verbose_name="账号")
    action = CharField(choices=AUDIT_ACTIONS, verbose_name="操作")
    record_type = CharField(default="", verbose_name="记录类型")
    record_uid = CharField(default="", verbose_name="记录标识")
    record_name = CharField(default="", verbose_name="记录")
    changes = TextField(default="", verbose_name="改动")   # JSON: [[字段, 原值, 新值], ...]
    detail = TextField(default="", verbose_name="说明")
    hash = CharField(verbose_name="链式校验值")

    class Meta:
        database = db
        table_name = "audit_entry"
        verbose_name = "审计记录"
        synced = False


ACCOUNT_MODELS = (Account, AuditEntry)
