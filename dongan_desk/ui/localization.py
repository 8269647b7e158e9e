"""Chinese strings for ttkbootstrap's own widgets: its zh_cn catalogue is wrong in places
(No→取消, Yes→确认) and lacks the calendar strings (LIBRARY-NOTES)."""
from __future__ import annotations

from ttkbootstrap.localization import MessageCatalog

STRINGS = (
    "OK", "确定", "Cancel", "取消", "Yes", "是", "No", "否", "Retry", "重试",
    "Select new date", "选择日期", "Close", "关闭", "Submit", "确定",
)


def install_strings() -> None:
    MessageCatalog.locale("zh_cn")
    MessageCatalog.set_many("zh_cn", *STRINGS)
