"""``main.py --help`` and every sub-command's ``--help`` in Chinese only, and a wrong command line
answered in Chinese (issue 12): run as a clerk would, in a fresh process with an English locale."""
import argparse
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from dongan_desk.cli import build_parser
from dongan_desk.cli.parser import ChineseHelpFormatter, chinese_error

MAIN = str(Path(__file__).resolve().parent.parent / "main.py")
# What argparse itself writes in English (Python 3.10–3.13).
ARGPARSE_WORDS = ("usage", "positional arguments", "optional arguments", "options:", "show this help",
                  "show program's version", "error:", "required", "invalid", "choose from", "unrecognized",
                  "expected", "argument")
# Our own words that may stay: an example 接入码, option names, the values and names of the
# (sub-)commands (what the clerk types), file kinds, our environment variables (the data
# folder, the password of --account, a new password, the 恢复码).
OURS = re.compile(r"[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}|(?<![\w-])--?[a-z][a-z-]*|"
                  r"\b(main\.py|xlsx|pdf|PDF|Excel|db|backups|DONGAN_[A-Z_]+)\b")


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG="C", LC_ALL="C", LANGUAGE="en")
    return subprocess.run([sys.executable, MAIN, *args], capture_output=True, text=True, timeout=60,
                          env=env, encoding="utf-8")


def walk_parsers(parser: argparse.ArgumentParser, prefix: list[str]):
    """(command line, parser) of the parser and every sub-command: ([], …), (["unit", "set"], …)"""
    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from walk_parsers(child, prefix + [name])


def command_lines() -> list[list[str]]:
    return [line for line, _ in walk_parsers(build_parser(), [])]


def typed_words() -> set[str]:
    """The words a clerk types: sub-command names and the choices of arguments."""
    return {str(choice) for _, parser in walk_parsers(build_parser(), []) for action in parser._actions
            for choice in (action.choices or ())}


def english_left(text: str) -> list[str]:
    words = [w for w in ARGPARSE_WORDS if w in text.lower()]
    left = OURS.sub("", text)
    return words + [w for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", left) if w not in typed_words()]


def test_every_command_is_listed():
    names = {" ".join(c) for c in command_lines()}
    assert {"", "init", "demo", "import-roster", "unit", "unit set", "print"} <= names


@pytest.mark.parametrize("command", command_lines(), ids=lambda c: " ".join(c) or "main.py")
def test_help_is_chinese_only(command):
    result = run(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：main.py")
    assert "选项" in result.stdout and "显示本说明后退出" in result.stdout
    assert english_left(result.stdout) == [], result.stdout


def test_the_main_help_lists_the_sub_commands_and_the_version_option():
    text = run("--help").stdout
    assert "子命令" in text and "import-roster" in text and "显示程序的版本号后退出" in text


@pytest.mark.parametrize("args, words", [
    (("demo", "--size", "huge"), "'huge' 不是可选的值"),
    (("init", "village"), "缺少必需的参数：--name, --short, --code"),
    (("frob",), "'frob' 不是可选的值"),
    (("demo", "--seed", "x"), "'x' 不是整数"),
    (("--data-dir",), "参数 --data-dir：后面要跟一个值"),
    (("check", "--frob"), "不认识的参数：--frob"),
    (("init", "town", "--name", "东安镇", "--short", "东安", "--code", "500229115000", "--village", "兴田村"),
     "“兴田村”应写成 名称,简称,代码"),
])
def test_a_wrong_command_line_is_answered_in_chinese(args, words):
    result = run(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("用法：main.py") and "：错误：" in result.stderr
    assert words in result.stderr
    said = result.stderr
    for arg in args:  # what the clerk typed is quoted back as typed
        said = said.replace(f"'{arg}'", "").replace(arg, "")
    assert english_left(said) == [], result.stderr


def test_a_message_argparse_has_not_told_us_of_keeps_its_chinese_prefix():
    assert chinese_error("argument --x: something new") == "参数 --x：something new"


def test_help_text_wraps_by_what_the_console_shows():
    text = "application=人民调解申请书，registration=受理登记表，record=调解笔录，followup=回访记录，dossier=卷宗"
    lines = ChineseHelpFormatter("main.py")._split_lines(text, 30)
    shown = [sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines]
    assert len(lines) > 2 and max(shown) <= 30 and "".join(lines) == text
    for word in ("application", "registration", "record", "followup", "dossier"):
        assert any(word in line for line in lines), word  # never cut inside a word
    assert not any(line.startswith("，") for line in lines)
