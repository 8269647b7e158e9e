"""Who is at the keyboard: the account this process acts as, and what its role may do.

One process serves one person at a time (the window after its login, or one headless command
with ``--account``). Until someone logs in the process acts as the program itself (``SYSTEM``):
building the sample town, upgrading, tests of the ledgers. The window never leaves that
session in place: it opens nothing before a login.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from ..errors import ValidationError

ROLES = (("admin", "管理员"), ("clerk", "录入员"), ("viewer", "查看员"))
ROLE_LABELS = dict(ROLES)

# What each role may do. 管理员: everything; 录入员: the ledgers, 报送, prints and copies;
# 查看员: reading, with 敏感个人信息 masked (个人信息保护法 第28–29条).
EDIT = "edit"                  # enter, change, delete ledger records; import a roster
EXPORT = "export"              # write a 报送包 (or, on the township, import one)
BACKUP = "backup"              # copy the whole database to a stick
SEE_SENSITIVE = "see_sensitive"  # the names of sensitive categories, in full
PRINT = "print"                # documents that name people (a 查看员 prints them masked)
ACCOUNTS = "accounts"          # add accounts, reset passwords, set the idle lock
SETTINGS = "settings"          # 本单位信息, category lists and other 设置
RESTORE = "restore"            # replace the database by a backup
AUDIT = "audit"                # read and export the audit trail

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({EDIT, EXPORT, BACKUP, SEE_SENSITIVE, PRINT, ACCOUNTS, SETTINGS, RESTORE,
                        AUDIT}),
    "clerk": frozenset({EDIT, EXPORT, BACKUP, SEE_SENSITIVE, PRINT}),
    "viewer": frozenset({PRINT}),
}

REFUSALS = {
    EDIT: "“{role}”只能查看，不能新增、修改或删除。需要录入时，请用录入员或管理员账号登录。",
    EXPORT: "“{role}”不能导出或导入报送包。请用录入员或管理员账号登录。",
    BACKUP: "“{role}”不能把数据库复制出去。请用录入员或管理员账号登录后备份。",
    SEE_SENSITIVE: "“{role}”不能查看敏感个人信息。",
    PRINT: "“{role}”不能打印。",
    ACCOUNTS: "只有管理员可以管理账号。",
    SETTINGS: "只有管理员可以修改设置。",
    RESTORE: "只有管理员可以从备份恢复：恢复会替换全部数据。请用管理员账号登录。",
    AUDIT: "只有管理员可以查看审计记录。",
}


class NotAllowed(ValidationError):
    """The account at the keyboard may not do this; nothing was changed."""


@dataclass(frozen=True)
class Session:
    account: str          # the account's name, or "系统" for the program itself
    role: str             # a code of ROLES
    account_id: int | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: str) -> None:
        """Raise ``NotAllowed`` with a Chinese message when this role may not do it."""
        if not self.can(permission):
            raise NotAllowed(REFUSALS[permission].format(role=self.role_label))


SYSTEM = Session("系统", "admin")
_current: Session = SYSTEM


def current() -> Session:
    return _current


def begin(session: Session) -> None:
    """The window after a login, or a headless command after ``--account``."""
    global _current
    _current = session


def end() -> None:
    global _current
    _current = SYSTEM


def can(permission: str) -> bool:
    return _current.can(permission)


def require(permission: str) -> None:
    _current.require(permission)


@contextmanager
def acting_as(session: Session) -> Iterator[Session]:
    """For tests and one-off jobs: act as ``session`` inside the block, then as before."""
    global _current
    before = _current
    _current = session
    try:
        yield session
    finally:
        _current = before
