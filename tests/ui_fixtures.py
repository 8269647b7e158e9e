"""UI test fixtures, imported by tests/conftest.py for every UI test (the tabs' tests live with
their ledgers): answer message boxes, and fail when a Tk callback raised."""
from __future__ import annotations


import pytest

from dongan_desk.ui import messages


@pytest.fixture
def root(tk_root):
    tk_root.callback_errors.clear()
    yield tk_root
    for child in list(tk_root.winfo_children()):
        child.destroy()
    tk_root.update()
    errors = list(tk_root.callback_errors)
    tk_root.callback_errors.clear()
    assert not errors, "a Tk callback raised:\n" + "\n".join(errors)


class MessageLog:
    """Replaces the modal message boxes: records what the clerk would read, answers questions."""

    def __init__(self):
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.questions: list[str] = []
        self.answer = True

    def install(self, monkeypatch):
        monkeypatch.setattr(messages, "show_error", lambda parent, msg, title="": self.errors.append(msg))
        monkeypatch.setattr(messages, "show_info", lambda parent, msg, title="": self.infos.append(msg))
        monkeypatch.setattr(messages, "ask_yes_no",
                            lambda parent, msg, title="": self.questions.append(msg) or self.answer)
        return self


@pytest.fixture
def message_log(monkeypatch):
    return MessageLog().install(monkeypatch)
