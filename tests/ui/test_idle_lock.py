"""The lock of the shared PC: after the idle minutes nothing of the data is readable (the tabs
unmapped, the menus gone, open dialogs withdrawn), a 锁屏 row in the audit trail, and only the
account's own password unlocks, with the login's growing wait after wrong tries."""
import pytest

from dongan_desk.store import session
from dongan_desk.store.models.accounts import AuditEntry
from dongan_desk.ui import background, idle_lock, messages
from dongan_desk.ui.app import MainWindow
from dongan_desk.ui.idle_lock import LockScreen

from account_helpers import PASSWORD, add, make_admin, sign_in
from ui_driver import find_widgets, type_into, wait_until


@pytest.fixture
def quick(monkeypatch):
    """A lock after a fraction of a second without input, looked at every 50 ms."""
    allowed = {"seconds": 0.3}
    monkeypatch.setattr(idle_lock, "POLL_MS", 50)
    monkeypatch.setattr(idle_lock, "allowed_seconds", lambda: allowed["seconds"])
    return allowed


@pytest.fixture
def main(root, village, tmp_path, quick):
    make_admin()
    add("李会计", "clerk", "李会计")
    sign_in(root, tmp_path, "李会计")
    [window] = find_widgets(root, MainWindow)
    return window


def grabs(root) -> list[str]:
    return [str(path) for path in root.tk.splitlist(root.tk.call("grab", "current"))]


def menus(window) -> set[str]:
    """The states of 文件, 设置 and 帮助."""
    bar = window.menubar
    return {str(bar.entrycget(i, "state")) for i in range(bar.index("end") + 1)
            if bar.type(i) == "cascade"}


def locked(window) -> bool:
    return window.idle_lock.locked


def test_idle_time_locks_and_hides_everything_of_the_data(root, main, quick):
    wait_until(root, lambda: locked(main), timeout=5)  # no input meanwhile
    [screen] = find_widgets(root, LockScreen)
    assert screen.winfo_viewable() and not main.winfo_viewable()
    assert not main.notebook.winfo_viewable()
    assert menus(main) == {"disabled"} and "已锁定" in root.title()
    assert "李会计" in str(screen.winfo_children()[0].winfo_children()[1].cget("text"))
    [row] = AuditEntry.select().where(AuditEntry.action == "lock")
    assert row.account == "李会计" and "无操作" in row.detail


def test_only_the_right_password_unlocks(root, main, quick):
    quick["seconds"] = 3600
    main.lock()
    screen = main.idle_lock.screen
    type_into(screen.password, "not-mine")
    screen.submit()
    assert locked(main) and "账号或密码不对" in screen.message.cget("text")
    type_into(screen.password, PASSWORD)
    screen.submit()
    root.update()
    assert not locked(main) and not find_widgets(root, LockScreen)
    assert main.notebook.winfo_viewable() and menus(main) == {"normal"}
    assert "已锁定" not in root.title()
    assert session.current().account == "李会计"


def test_wrong_tries_at_the_lock_wait_like_at_the_login(root, main, quick):
    quick["seconds"] = 3600
    main.lock()
    screen = main.idle_lock.screen
    for attempt in range(3):
        type_into(screen.password, f"wrong-{attempt}")
        screen.submit()
    assert str(screen.unlock_button.cget("state")) == "disabled"
    assert "秒后再试" in screen.message.cget("text")
    type_into(screen.password, PASSWORD)
    screen.submit()  # waits like the rest
    assert locked(main)


def test_open_dialogs_and_messages_are_withdrawn_and_come_back(root, village, tmp_path, quick):
    quick["seconds"] = 3600
    make_admin()
    sign_in(root, tmp_path, "张文书")
    [main] = find_widgets(root, MainWindow)
    dialog = main.edit_home_unit()
    root.update()
    assert dialog.winfo_viewable()
    dialog.fields["name"].focus_force()  # a key goes where the keyboard is
    root.update()
    dialog.fields["name"].event_generate("<Control-l>")  # Ctrl+L works in every window
    root.update()
    assert locked(main) and dialog.state() == "withdrawn"
    assert grabs(root) == []  # the dialog's grab would keep the keyboard from the lock screen
    late = messages.ttk.Toplevel(master=root)  # e.g. a job's result arriving while locked
    wait_until(root, lambda: late.state() == "withdrawn", timeout=3)
    screen = main.idle_lock.screen
    type_into(screen.password, PASSWORD)
    screen.submit()
    root.update()
    assert dialog.state() == "normal" and late.state() == "normal"
    assert grabs(root) == [str(dialog)]  # modal again
    late.destroy()


def test_the_timer_waits_for_a_running_job(root, main, quick, monkeypatch):
    monkeypatch.setattr(background, "busy", lambda: True)
    deadline = root.tk.call("clock", "milliseconds") + 700
    while root.tk.call("clock", "milliseconds") < deadline:
        root.update()
    assert not locked(main)
    monkeypatch.setattr(background, "busy", lambda: False)
    wait_until(root, lambda: locked(main), timeout=3)


def test_input_keeps_it_open(root, main, quick):
    deadline = root.tk.call("clock", "milliseconds") + 700
    while root.tk.call("clock", "milliseconds") < deadline:
        idle_lock.note_activity(root)  # what every key and mouse event does
        root.update()
    assert not locked(main)


def test_quitting_from_the_lock_screen_logs_out_and_closes(root, main, quick, monkeypatch):
    quick["seconds"] = 3600
    closed = []
    monkeypatch.setattr(type(main), "close", lambda self, reason="": closed.append(reason) or True)
    main.lock()
    main.idle_lock.screen.quit_button.invoke()
    assert closed == ["锁屏时退出程序"]


def test_the_program_itself_has_no_lock(root, village, tmp_path, quick):
    from ui_driver import main_window
    window = main_window(root, tmp_path)  # as the tests and the bench build it
    assert window.idle_lock is None
    window.lock()
    assert not find_widgets(root, LockScreen)
