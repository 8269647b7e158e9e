"""Chinese fonts for reportlab: found once per process, always embedded.

Order (FORMS.md §3): the PC's own fonts first (仿宋 for body, 黑体 for headings on Windows;
common TrueType CJK fonts on Linux), then the font shipped in ``assets/fonts/``. reportlab can
embed only TrueType outlines, and refuses fonts whose licence forbids embedding: such a file
raises ``TTFError`` and the next candidate is tried. If nothing works we raise
:class:`FontUnavailableError` instead of falling back to Helvetica, which would print every
Chinese character as an empty box.
"""
from __future__ import annotations

import functools
import os
import re
import sys
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph

from .. import paths

__all__ = [
    "FONT_DIRS_ENV", "KEEP_WHOLE", "FontChoice", "FontUnavailableError", "body_font", "fonts",
    "heading_font", "has_glyph", "install_cjk_line_breaking", "load_fonts", "reset_fonts",
    "system_font_dirs",
]

FONT_DIRS_ENV = "DONGAN_FONT_DIRS"

# File names (lower case) in preference order; in a .ttc the first face is the regular one.
# A heading prefers a 黑体-like sans, the body a 仿宋/宋体-like serif; both take any Chinese font.
_BODY = ("simfang.ttf", "simsun.ttc", "msyh.ttc", "simhei.ttf", "uming.ttc", "wqy-microhei.ttc",
         "wqy-zenhei.ttc", "droidsansfallbackfull.ttf", "droidsansfallback.ttf")
_HEADING = ("simhei.ttf", "msyh.ttc", "wqy-microhei.ttc", "wqy-zenhei.ttc",
            "droidsansfallbackfull.ttf", "droidsansfallback.ttf", "simsun.ttc", "simfang.ttf",
            "uming.ttc")
# Fonts for the rarer characters (CJK Extension B and beyond: 𠮷, names in 户口 books) that the
# body fonts lack: Windows' 宋体-ExtB, or the HanaMin fonts some Linux PCs carry.
_EXTENSION = ("simsunb.ttf", "hanaminb.ttf", "hanamina.ttf")
_EXTENSION_PROBE = "𠮷"
_WANTED = set(_BODY + _HEADING + _EXTENSION)

# A font without these would print boxes on every form, so it does not count as Chinese.
_PROBE_TEXT = "东安台账人民调解协议书，。"

# Characters that must not start a line (FORMS.md §3); reportlab's list lacks most of them.
_CANNOT_START = "，；：？！》”’、。）…"
# Opening brackets and quotes must not end one (reportlab's CJK splitter ignores this).
_CANNOT_END = "（《“‘〈「『【〔［｛"
# Runs a line must not break inside (reportlab's CJK splitter breaks between any two
# characters): a date (2026年1月12日, 2026年1月, 1月12日), a check-box option with its label
# (□人民法院委托), a number with its measure word (45号, 76岁, 4000.00元, 第3号) or a run of
# Latin letters and digits (a phone or ID number). A run longer than a line still breaks.
KEEP_WHOLE = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日"
    r"|[□■☐☑][^□■☐☑\s\u00a0\u3000，、；。]+"
    r"|[0-9A-Za-z][0-9A-Za-z.\-]*(?:[号岁元组份人天次件户条%％])?")
_GLUE_REACH = 40  # characters either side of a break searched for such a run


class FontUnavailableError(RuntimeError):
    """No Chinese font could be embedded; ``str(error)`` says what to do, ``tried`` why."""

    def __init__(self, tried: Sequence[str]) -> None:
        super().__init__(
            "找不到可以嵌入 PDF 的中文字体，无法生成打印文件。"
            "请重新安装本程序（恢复 assets/fonts 文件夹中的 wqy-microhei.ttc），"
            "或在电脑上安装“仿宋”“黑体”等 TrueType 中文字体后再试。"
        )
        self.tried = list(tried)


@dataclass(frozen=True)
class FontChoice:
    """Registered reportlab font names and the files they came from."""

    body: str
    heading: str
    body_file: Path
    heading_file: Path
    extension: str | None = None  # for characters the body font lacks; None when the PC has none


def system_font_dirs() -> list[Path]:
    """Folders where the PC's own fonts live (``DONGAN_FONT_DIRS`` replaces them)."""
    override = os.environ.get(FONT_DIRS_ENV)
    if override is not None:
        return [Path(p) for p in override.split(os.pathsep) if p]
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR") or "C:/Windows")
        dirs = [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:  # fonts installed "for this user only" (Windows 10 1809+)
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts"]


def _index(folders: Iterable[Path]) -> dict[str, Path]:
    """Lower-case file name → first path found, for the names we want (Windows names vary in case)."""
    found: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                key = name.lower()
                if key in _WANTED and key not in found:
                    found[key] = Path(root) / name
    return found


def _register(path: Path, tried: list[str], cache: dict[Path, str | None],
              probe: str = _PROBE_TEXT) -> str | None:
    """Register one font file with reportlab; None (and a note in ``tried``) if unusable."""
    if path in cache:
        return cache[path]
    # The path's checksum keeps two different files from ever sharing a registered name.
    name = f"DA-{path.stem}-{zlib.crc32(str(path).encode()):08x}"
    try:
        font = TTFont(name, str(path), subfontIndex=0)
        missing = [ch for ch in probe if ord(ch) not in font.face.charToGlyph]
        if missing:
            raise ValueError("缺少汉字字形 " + "".join(missing))
        pdfmetrics.registerFont(font)
    except Exception as exc:  # TTFError (CFF/OTF, embedding forbidden) or a broken file
        tried.append(f"{path}: {exc}")
        cache[path] = None
        return None
    cache[path] = name
    return name


def _first(prefs: Sequence[str], groups: Sequence[dict[str, Path]], tried: list[str],
           cache: dict[Path, str | None]) -> tuple[str, Path] | None:
    # System fonts as a group come before the bundled folder, whatever their preference rank.
    for found in groups:
        for file_name in prefs:
            path = found.get(file_name)
            if path is not None:
                name = _register(path, tried, cache)
                if name:
                    return name, path
    return None


def load_fonts(system_dirs: Sequence[Path] | None = None,
               bundled_dir: Path | None = None) -> FontChoice:
    """Find, register and return the body and heading fonts (not cached; see :func:`fonts`).

    ``system_dirs`` defaults to :func:`system_font_dirs`, ``bundled_dir`` to
    ``paths.fonts_dir()``; tests pass empty folders to simulate a PC without fonts.
    """
    install_cjk_line_breaking()
    system = _index(system_font_dirs() if system_dirs is None else system_dirs)
    bundled = _index([paths.fonts_dir() if bundled_dir is None else bundled_dir])
    groups = (system, bundled)
    tried: list[str] = []
    cache: dict[Path, str | None] = {}
    body = _first(_BODY, groups, tried, cache)
    if body is None:
        raise FontUnavailableError(tried)
    heading = _first(_HEADING, groups, tried, cache) or body
    _register_family(body[0], bold=heading[0])
    if heading[0] != body[0]:
        _register_family(heading[0], bold=heading[0])
    extension = next((name for group in groups for file_name in _EXTENSION
                      if (path := group.get(file_name)) is not None
                      and (name := _register(path, tried, cache, probe=_EXTENSION_PROBE))), None)
    if extension:
        _register_family(extension, bold=extension)
    return FontChoice(body=body[0], heading=heading[0], body_file=body[1], heading_file=heading[1],
                      extension=extension)


def has_glyph(font_name: str, char: str) -> bool:
    return ord(char) in pdfmetrics.getFont(font_name).face.charToGlyph


def _register_family(name: str, *, bold: str) -> None:
    # Without a family, <b> in a Paragraph raises; Chinese documents use 黑体 for emphasis.
    pdfmetrics.registerFontFamily(name, normal=name, bold=bold, italic=name, boldItalic=bold)


_lock = threading.Lock()
_choice: FontChoice | None = None


def fonts() -> FontChoice:
    """The process-wide font choice, found on first use (thread-safe: PDFs build in workers)."""
    global _choice
    with _lock:
        if _choice is None:
            _choice = load_fonts()
        return _choice


def reset_fonts() -> None:
    """Forget the cached choice (tests; or after the clerk installs a font)."""
    global _choice
    with _lock:
        _choice = None


def body_font() -> str:
    """reportlab name of the body font (仿宋 where the PC has it)."""
    return fonts().body


def heading_font() -> str:
    """reportlab name of the heading font (黑体 where the PC has it)."""
    return fonts().heading


def install_cjk_line_breaking() -> None:
    """Stop lines starting with ，。、；：？！）》”’… in ``wordWrap='CJK'`` paragraphs.

    reportlab keeps its list in two module globals (``paragraph`` imported a copy of the string),
    so both are extended. It also only hangs *one* such character in the margin: in ``。”`` or
    ``》！`` the second one still starts the next line, and an opening ``（`` may end a line; and
    it breaks inside a date (``2026年1`` / ``月12日``), an option (``□人`` / ``民法院委托``) or
    before the ``号`` of ``45号``: so both CJK splitters are wrapped to mend such breaks
    (:data:`KEEP_WHOLE`). Safe to call any number of times.
    """
    for module in (textsplit, paragraph):
        current = module.ALL_CANNOT_START
        missing = "".join(ch for ch in _CANNOT_START if ch not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing
    for attr, lines_of in (("wordSplit", _plain_lines), ("cjkFragSplit", _frag_lines)):
        if not getattr(getattr(paragraph, attr), "_dongan_kinsoku", False):
            setattr(paragraph, attr, _keep_runs_together(getattr(paragraph, attr), lines_of))


# A split line as (its text, ends with an explicit line break, width of its first n chars).
_Line = tuple[str, bool, Callable[[int], float]]


def _plain_lines(result: list, args: tuple) -> list[_Line]:
    """Lines of ``wordSplit(text, maxWidths, fontName, fontSize)``: [[extraSpace, text], …]."""
    font_name, font_size = args[2], args[3]
    return [(text, False, lambda n, t=text: pdfmetrics.stringWidth(t[:n], font_name, font_size))
            for _extra, text in result]


def _frag_lines(result: Any, args: tuple) -> list[_Line]:
    """Lines of ``cjkFragSplit``: FragLines whose words are styled fragments."""
    def measure(words: list, n: int) -> float:
        total = 0.0
        for w in words:
            text = getattr(w, "text", "")[:n]
            total += pdfmetrics.stringWidth(text, w.fontName, w.fontSize)
            n -= len(text)
        return total

    return [("".join(getattr(w, "text", "") for w in line.words),
             bool(getattr(line, "lineBreak", False)),
             functools.partial(measure, line.words))
            for line in result.lines]


def _better_end(lines: list[_Line], n: int, cannot_start: str) -> int | None:
    """How many characters line ``n`` should keep, or None if its break is fine.

    It is not fine when the next line would start with a closing mark (the run of marks must
    take the last ordinary character with it), when it ends with an opening bracket, or when
    it cuts a run that must stay whole (:data:`KEEP_WHOLE`: the run goes down whole).
    """
    text, hard_break, _width = lines[n]
    if hard_break or not text:
        return None  # the clerk's own line break
    following = lines[n + 1][0]
    if following and following[0] in cannot_start:
        keep = len(text) - 1
        while keep > 0 and text[keep] in cannot_start:
            keep -= 1
    elif text[-1] in _CANNOT_END:
        keep = len(text.rstrip(_CANNOT_END))
    else:
        keep = _glued_end(text, following)
    return keep or None  # keep == 0: nothing could stay on this line; leave it as it is


def _glued_end(text: str, following: str) -> int | None:
    """Where line ``text`` should end so that no :data:`KEEP_WHOLE` run is cut, or None."""
    start = max(0, len(text) - _GLUE_REACH)
    joined = text[start:] + following[:_GLUE_REACH]
    boundary = len(text) - start
    for match in KEEP_WHOLE.finditer(joined):
        if match.start() >= boundary:
            break
        if match.end() > boundary:
            return start + match.start()
    return None


def _keep_runs_together(split: Callable, lines_of: Callable[[Any, tuple], list[_Line]]) -> Callable:
    """Re-split with a shorter line k wherever its break is bad (see :func:`_better_end`).

    Line k's width is cut to half-way into the character that should move down; reportlab then
    pushes that character (an ordinary one or an opening bracket) to the next line.
    """
    @functools.wraps(split)
    def wrapper(first: Any, max_widths: Any, *rest: Any, **kw: Any) -> Any:
        widths = list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]
        args = (first, max_widths, *rest)
        result = split(first, widths, *rest, **kw)
        k = 0
        while True:
            lines = lines_of(result, args)
            cannot_start = textsplit.ALL_CANNOT_START
            found = next(((n, keep) for n in range(k, len(lines) - 1)
                          if (keep := _better_end(lines, n, cannot_start)) is not None), None)
            if found is None:
                return result
            k, keep = found
            width_of = lines[k][2]
            widths += [widths[-1]] * (k + 1 - len(widths))
            widths[k] = (width_of(keep) + width_of(keep + 1)) / 2
            result = split(first, widths, *rest, **kw)
            k += 1  # each line is mended once, so this always ends
    wrapper._dongan_kinsoku = True  # type: ignore[attr-defined]
    return wrapper
