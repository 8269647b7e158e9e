"""``main.py --help`` in Chinese only (issue 12), through argparse's own hooks: a formatter class
for the 用法 line, our own ``-h``/``--help`` (``add_help=False``), the titles of the parser's two
default groups, and ``error()`` for the message a wrong command line gets.

argparse's gettext domain would need a compiled catalogue and a Chinese ``LANGUAGE`` in the
environment, which an office PC does not set; so the few messages argparse makes of a wrong
command line are put into Chinese in ``error()`` by their templates. One argparse does not know
from this table stays as it is, after a Chinese prefix."""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from typing import NoReturn

USAGE = "用法："
POSITIONALS = "参数"
OPTIONALS = "选项"
HELP = "显示本说明后退出"
VERSION_HELP = "显示程序的版本号后退出"

# argparse's error templates (Python 3.10–3.13) and ours; applied in order, each once.
_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^argument (\S+?)(?:/\S+)?: ", r"参数 \1："),
    (r"the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)$", r"不认识的参数：\1"),
    (r"invalid choice: (.*?) \(choose from (.*)\)$", r"\1 不是可选的值（可选：\2）"),
    (r"invalid int value: (.*)$", r"\1 不是整数"),
    (r"invalid float value: (.*)$", r"\1 不是数字"),
    (r"invalid \w+ value: (.*)$", r"\1 不是有效的值"),
    (r"expected one argument$", r"后面要跟一个值"),
    (r"expected at least one argument$", r"后面至少要跟一个值"),
    (r"expected at most one argument$", r"后面最多跟一个值"),
    (r"expected (\d+) arguments?$", r"后面要跟 \1 个值"),
    (r"not allowed with argument (.*)$", r"不能和参数 \1 一起用"),
    (r"ambiguous option: (\S+) could match (.*)$", r"选项 \1 不明确，可能是：\2"),
    (r"one of the arguments (.*) is required$", r"参数 \1 中必须给出一个"),
    (r"ignored explicit argument (.*)$", r"多余的值 \1"),
)


# A word of ASCII letters, digits and marks stays whole; anything else is a token of its own.
_TOKENS = re.compile(r"[!-~]+|\s|.")
_NO_LINE_START = set("，。、；：？！）》”’")


def chinese_error(message: str) -> str:
    for pattern, replacement in _ERRORS:
        message = re.sub(pattern, replacement, message, count=1)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Wrap a help text by what the console shows: a Chinese character is two columns wide and
        a line may break after any of them, never inside a word like ``followup`` (argparse's own
        wrapping sees a Chinese sentence as one long word and cuts it anywhere)."""
        lines, line, used = [], "", 0
        for token in _TOKENS.findall(" ".join(text.split())):
            size = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in token)
            if line and used + size > width and not token.isspace() and token not in _NO_LINE_START:
                lines.append(line.rstrip())
                line, used = "", 0
            if line or not token.isspace():
                line, used = line + token, used + size
        return lines + [line.rstrip()] if line else lines


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Chinese; its sub-command parsers are too
    (``add_parser`` makes them of the parser's own class)."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONALS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_error(message)}\n")
