"""The three roles at the keyboard, as logged-in accounts (an ``account_id``: the program's own
session records no viewing), for the tests of what each role sees and may do."""
from __future__ import annotations

from dongan_desk.store.session import Session

ADMIN = Session("管理员甲", "admin", account_id=1)
CLERK = Session("录入员乙", "clerk", account_id=2)
VIEWER = Session("查看员丙", "viewer", account_id=3)
ROLES = (ADMIN, CLERK, VIEWER)
SEEING = (ADMIN, CLERK)   # the roles with SEE_SENSITIVE


def role_id(session: Session) -> str:
    return session.role
