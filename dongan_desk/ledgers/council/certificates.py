"""The 支客士's certificate rule on its own (持证上岗, seed 五(一)6): what status a certificate
has on a day. The register and its writes are in ``emcees.py``; the lists in ``queries.py``."""
from __future__ import annotations

from datetime import date

DEFAULT_WARN_DAYS = 30
CERTIFICATE_STATUSES = (("valid", "持证"), ("expiring", "即将到期"), ("expired", "已过期"),
                        ("uncertified", "已培训未发证"), ("untrained", "未培训"))
STATUS_LABELS = dict(CERTIFICATE_STATUSES)


def certificate_status(issued_on: date | None, expires_on: date | None, trained: bool,
                       on: date, warn_days: int = DEFAULT_WARN_DAYS) -> str:
    """持证 / 即将到期 (within ``warn_days``) / 已过期 / 已培训未发证 / 未培训, as a code."""
    if issued_on is None or expires_on is None or on < issued_on:
        return "uncertified" if trained else "untrained"
    if on > expires_on:
        return "expired"
    if (expires_on - on).days <= warn_days:
        return "expiring"
    return "valid"
