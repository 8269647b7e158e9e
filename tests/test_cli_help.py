"""``main.py --help`` and every sub-command's ``--help`` in Chinese only, and a wrong command line
answered in Chinese (issue 12): run as a clerk would, in a fresh process with an English locale."""
import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dongan_desk.cli import build_parser
from dongan_desk.cli_parser import chinese_error

MAIN = str(Path(__file__).resolve().parent.parent / "main.py")
# What argparse itself writes in English (Python 3.10–3.13).
ARGPARSE_WORDS = ("usage", "positional arguments", "optional arguments", "options:", "show this help",
                  "show program's version", "error:", "required", "invalid", "choose from", "unrecognized",
                  "expected", "argument")
# Our own words that may stay: option and command names, file kinds, the data folder's variable.
ALLOWED = re.compile(r"[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}|--?[a-z][a-z-]*|"  # an example 接入码, option names
                     r"\b(init|demo|check|backup|restore|import-roster|import|print|export|"
                     r"summary|unit|bench|show|set|access-code|add-village|reissue|town|village|agreement|"
                     r"registration|oral|followup|foll|owup|dossier|main\.py|xlsx|pdf|PDF|Excel|db|"
                     r"backups|DONGAN_DATA|int)\b")


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG="C", LC_ALL="C", LANGUAGE="en")
    return subprocess.run([sys.executable, MAIN, *args], capture_output=True, text=True, timeout=60,
                          env=env, encoding="utf-8")


def command_lines() -> list[list[str]]:
    """Every (sub-)command of the parser: [], ["init"], …, ["unit", "set"], …"""
    found: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> None:
        found.append(prefix)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, prefix + [name])

    walk(build_parser(), [])
    return found


def english_left(text: str) -> list[str]:
    words = [w for w in ARGPARSE_WORDS if w in text.lower()]
    return words + re.findall(r"[A-Za-z]{3,}", ALLOWED.sub("", text))


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
