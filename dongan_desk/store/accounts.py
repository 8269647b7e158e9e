"""Accounts of this PC: the first 管理员 at setup, adding and changing accounts, passwords
(scrypt hashes only), logging in with a growing wait after wrong passwords, and the 恢复码 path
back for the last 管理员.

Every change here is one row of the audit trail (action "account"), without the password."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import platform
import re
import secrets
import unicodedata
import uuid

from ..errors import ValidationError
from . import audit, recovery, session
from .database import db
from .models import LocalValue
from .models.accounts import Account
from .models.base import now
from .session import ROLE_LABELS, ROLES, Session

NAME_LIMIT = 20
PASSWORD_MIN, PASSWORD_MAX = 8, 64
FULL_NAME_LIMIT = 20
# Wrong passwords in a row before each further try must wait; the wait doubles up to a cap.
FREE_TRIES, FIRST_WAIT, LONGEST_WAIT = 3, 5, 300
IDLE_KEY, IDLE_DEFAULT, IDLE_RANGE = "idle_lock_minutes", 10, (1, 240)
MACHINE_KEY = "machine"
_NAME_PATTERN = re.compile(r"^[\w.\-·]+$")
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}


# -- passwords ------------------------------------------------------------------------------
def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return "scrypt$16384$8$1$" + base64.b64encode(salt).decode() + "$" + \
        base64.b64encode(digest).decode()


def password_matches(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        typed = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                               r=int(r), p=int(p), maxmem=_SCRYPT["maxmem"], dklen=32)
    except (ValueError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(typed, base64.b64decode(digest))


def clean_account_name(text: str) -> str:
    name = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not name:
        raise ValidationError({"name": "账号不能为空：请填写一个好记的名字，如 张文书 或 zhangwen。"})
    if len(name) > NAME_LIMIT:
        raise ValidationError({"name": f"账号太长了：最多{NAME_LIMIT}个字，现在是{len(name)}个字。"})
    if not _NAME_PATTERN.match(name):
        raise ValidationError({"name": "账号只能用汉字、字母、数字和 . _ - ·，不能有空格、引号或其他符号。"})
    return name


def check_password(password: str, name: str = "") -> str:
    """The password as typed (never trimmed: a space is a character); raises with what to fix."""
    text = str(password or "")
    if len(text) < PASSWORD_MIN:
        raise ValidationError({"password": f"密码至少{PASSWORD_MIN}位，现在是{len(text)}位。"})
    if len(text) > PASSWORD_MAX:
        raise ValidationError({"password": f"密码最多{PASSWORD_MAX}位，现在是{len(text)}位。"})
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Cn") for ch in text):
        raise ValidationError({"password": "密码里有看不见的控制字符或无法识别的字符，请重新输入。"})
    if len(set(text)) < 3 or (name and text.lower() == name.lower()):
        raise ValidationError({"password": "密码太容易猜：不能和账号相同，也不能只用一两个重复的字符。"})
    return text


def _clean_full_name(text: str) -> str:
    from ..validation import clean_name  # the one check of a person's name
    return clean_name(text, label="姓名", limit=FULL_NAME_LIMIT)


def _clean_role(role: str) -> str:
    if role not in ROLE_LABELS:
        raise ValidationError({"role": "请选择角色：" + "、".join(label for _, label in ROLES) + "。"})
    return role


# -- accounts -------------------------------------------------------------------------------
def has_accounts() -> bool:
    return Account.select().exists()


def active_admins() -> int:
    return Account.select().where(Account.role == "admin", Account.active == True).count()  # noqa: E712


def _log(action: str, account: Account, changes: list[tuple[str, str, str]], detail: str = "") -> None:
    audit.record(action, record_type="账号", uid=account.uid, name=account.name,
                 changes=changes, detail=detail)


def create_first_admin(name: str, password: str, full_name: str = "") -> tuple[Account, str]:
    """The 管理员 made at first start (or on a database from before accounts); returns the
    account and the 恢复码 to print. Refused once any account exists."""
    name = clean_account_name(name)
    check_password(password, name)
    full_name = _clean_full_name(full_name)
    if has_accounts():
        raise ValidationError("本机已经有账号了：请用管理员账号登录后在“设置 → 账号管理”里添加。")
    code = recovery.new_recovery_code()
    with db.atomic():
        account = Account.create(name=name, full_name=full_name, role="admin",
                                 password_hash=hash_password(password))
        recovery.store_recovery_code(code)
        _log("account", account, [("角色", "", "管理员")], "设置时建立第一个管理员，并生成恢复码")
    return account, code


def add_account(name: str, password: str, role: str, full_name: str = "") -> Account:
    session.require(session.ACCOUNTS)
    name = clean_account_name(name)
    problems: dict[str, str] = {}
    for check in (lambda: check_password(password, name), lambda: _clean_role(role)):
        try:
            check()
        except ValidationError as exc:
            problems.update(exc.problems)
    if Account.select().where(Account.name == name).exists():
        problems["name"] = f"已经有叫“{name}”的账号了，请换一个。"
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        account = Account.create(name=name, full_name=_clean_full_name(full_name), role=role,
                                 password_hash=hash_password(password), must_change=True)
        _log("account", account, [("角色", "", ROLE_LABELS[role])], "新建账号（首次登录须改密码）")
    return account


def _keeps_an_admin(account: Account, role: str, active: bool) -> None:
    if account.role == "admin" and account.active and (role != "admin" or not active) \
            and active_admins() <= 1:
        raise ValidationError("这是最后一个管理员账号，不能改为其他角色或停用：请先给另一个账号设为管理员。")


def change_account(account: Account, *, role: str | None = None, active: bool | None = None,
                   full_name: str | None = None) -> Account:
    session.require(session.ACCOUNTS)
    role = account.role if role is None else _clean_role(role)
    active = account.active if active is None else bool(active)
    full_name = account.full_name if full_name is None else _clean_full_name(full_name)
    _keeps_an_admin(account, role, active)
    changes = [(label, old, new) for label, old, new in (
        ("角色", ROLE_LABELS[account.role], ROLE_LABELS[role]),
        ("启用", "是" if account.active else "否", "是" if active else "否"),
        ("姓名", account.full_name, full_name)) if old != new]
    if not changes:
        return account
    with db.atomic():
        account.role, account.active, account.full_name = role, active, full_name
        account.save()
        _log("account", account, changes)
    return account


def reset_password(account: Account, new_password: str) -> None:
    """A 管理员 sets a forgotten password; the owner must change it at the next login."""
    session.require(session.ACCOUNTS)
    check_password(new_password, account.name)
    with db.atomic():
        account.password_hash, account.must_change = hash_password(new_password), True
        account.save()
        _log("account", account, [("密码", "", "已重设")], f"由管理员“{session.current().account}”重设")


def change_own_password(account: Account, old_password: str, new_password: str) -> None:
    if not password_matches(old_password, account.password_hash):
        raise ValidationError({"old": "原密码不对，请重新输入。"})
    check_password(new_password, account.name)
    if new_password == old_password:
        raise ValidationError({"password": "新密码不能和原密码一样。"})
    with db.atomic():
        account.password_hash, account.must_change = hash_password(new_password), False
        account.save()
        _log("account", account, [("密码", "", "已修改")], "本人修改密码")


def recover_with_code(code: str, name: str, new_password: str) -> tuple[Account, str]:
    """The last 管理员's path back: the printed 恢复码 resets a 管理员's password (and makes that
    account active again). A new 恢复码 replaces the used one; returns it for printing."""
    if not recovery.recovery_code_matches(code):
        audit.record("login_failed", record_type="账号", name=str(name)[:NAME_LIMIT],
                     detail="用恢复码重设密码：恢复码不对", account=str(name)[:NAME_LIMIT] or "（未填）")
        raise ValidationError({"code": "恢复码不对：请照《恢复码单》逐位核对（没有 0、O、1、I、L）。"})
    account = Account.get_or_none(Account.name == clean_account_name(name))
    if account is None or account.role != "admin":
        raise ValidationError({"name": "恢复码只能重设管理员账号的密码：请填写一个管理员账号。"})
    check_password(new_password, account.name)
    fresh = recovery.new_recovery_code()
    with db.atomic():
        account.password_hash, account.active, account.must_change = \
            hash_password(new_password), True, False
        account.save()
        recovery.store_recovery_code(fresh)
        _log("account", account, [("密码", "", "已用恢复码重设")], "用恢复码重设密码，并换发新的恢复码")
    return account, fresh


def renew_recovery_code() -> str:
    """A 管理员 replaces a lost or exposed 恢复码 (the old one stops working at once); returns
    the new one to print. Copies on a stick made before still open with the old code, or with
    the village's 接入码."""
    session.require(session.ACCOUNTS)
    fresh = recovery.new_recovery_code()
    with db.atomic():
        recovery.store_recovery_code(fresh)
        audit.record("account", record_type="恢复码", name="本机恢复码",
                     detail=f"由管理员“{session.current().account}”换发新的恢复码，旧的作废")
    return fresh


# -- logging in -----------------------------------------------------------------------------
class LoginRefused(ValidationError):
    def __init__(self, message: str, wait_seconds: int = 0):
        ValidationError.__init__(self, message)
        self.wait_seconds = wait_seconds


def _recent_failures() -> tuple[int, dt.datetime | None]:
    """Wrong passwords in a row since the last good login (any account: names are not a secret
    an attacker should be able to walk), and when the last one was."""
    rows = db.execute_sql("SELECT action, at FROM audit_entry WHERE action IN ('login', "
                          "'login_failed') ORDER BY id DESC LIMIT 64").fetchall()
    count, last = 0, None
    for action, at in rows:
        if action == "login":
            break
        count += 1
        last = last or dt.datetime.fromisoformat(str(at))
    return count, last


def login_wait(when: dt.datetime | None = None) -> int:
    """Seconds before the next try is allowed (0: try now)."""
    count, last = _recent_failures()
    if count < FREE_TRIES or last is None:
        return 0
    wait = min(FIRST_WAIT * 2 ** (count - FREE_TRIES), LONGEST_WAIT)
    passed = ((when or now()) - last).total_seconds()
    return max(0, int(wait - passed + 0.999))


def login(name: str, password: str, when: dt.datetime | None = None) -> Session:
    """Check a name and password; on success the session begins. Wrong or unknown: the same
    answer (which of the two was wrong is not said), and the wait grows."""
    wait = login_wait(when)
    if wait:
        raise LoginRefused(f"密码错误次数太多，请 {wait} 秒后再试。", wait)
    typed = unicodedata.normalize("NFKC", str(name or "")).strip()[:NAME_LIMIT * 2]
    account = Account.get_or_none(Account.name == typed) if typed else None
    if account is None or not password_matches(str(password or ""), account.password_hash):
        audit.record("login_failed", record_type="账号", name=typed,
                     detail="没有这个账号" if account is None else "密码不对",
                     account=typed or "（未填）", at=when)
        wait = login_wait(when)
        extra = f"请 {wait} 秒后再试。" if wait else "请重新输入（注意大小写和输入法）。"
        raise LoginRefused("账号或密码不对。" + extra, wait)
    if not account.active:
        audit.record("login_failed", record_type="账号", name=account.name, detail="账号已停用",
                     account=account.name, at=when)
        raise LoginRefused("这个账号已停用：请找管理员。")
    started = Session(account.name, account.role, account.id)
    session.begin(started)
    with db.atomic():
        account.last_login = when or now()
        account.save()
        audit.record("login", record_type="账号", uid=account.uid, name=account.name,
                     detail=f"角色：{started.role_label}", at=when)
    return started


def logout(reason: str = "") -> None:
    current = session.current()
    if current.account_id is not None:
        audit.record("logout", detail=reason)
    session.end()


# -- this PC's settings ---------------------------------------------------------------------
def _local(key: str) -> str | None:
    row = LocalValue.get_or_none(LocalValue.key == key)
    return row.value if row else None


def _set_local(key: str, value: str) -> None:
    row = LocalValue.get_or_none(LocalValue.key == key)
    if row is None:
        LocalValue.create(key=key, value=value)
    else:
        row.value = value
        row.save()


def idle_minutes() -> int:
    try:
        return int(_local(IDLE_KEY) or IDLE_DEFAULT)
    except ValueError:
        return IDLE_DEFAULT


def set_idle_minutes(minutes: int | str) -> int:
    session.require(session.ACCOUNTS)
    low, high = IDLE_RANGE
    try:
        value = int(str(minutes).strip())
    except ValueError:
        raise ValidationError({"idle": f"锁屏时间请填写 {low}–{high} 之间的整数（分钟）。"}) from None
    if not low <= value <= high:
        raise ValidationError({"idle": f"锁屏时间请填写 {low}–{high} 之间的整数（分钟）。"})
    old = idle_minutes()
    with db.atomic():
        _set_local(IDLE_KEY, str(value))
        audit.record("settings", record_type="本机设置", name="无操作自动锁屏",
                     changes=[("分钟", str(old), str(value))])
    return value


def this_machine() -> str:
    """A name for this PC that a copy of the database carries to another one."""
    return f"{platform.node() or '未命名电脑'}（{uuid.getnode():012x}）"


def note_machine() -> str | None:
    """When the database was last used on another PC: record it, and return what to tell the
    person logging in. None on the PC it belongs to (or the first time)."""
    here, before = this_machine(), _local(MACHINE_KEY)
    if before == here:
        return None
    with db.atomic():
        _set_local(MACHINE_KEY, here)
        if before is not None:
            audit.record("open_elsewhere", record_type="本机设置", name="数据库",
                         changes=[("电脑", before, here)])
    if before is None:
        return None
    return (f"这份数据上次是在电脑“{before}”上使用的，现在在“{here}”上打开。换了电脑或从备份恢复时"
            "这是正常的；如果不是，说明有人拷走了数据库，请告诉管理员，并检查审计记录。")
