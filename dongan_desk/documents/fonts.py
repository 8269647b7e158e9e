"""Chinese fonts for reportlab: found once per process, always embedded.

Order (FORMS.md §3): the PC's own fonts first (仿宋 for body, 黑体 for headings on Windows;
common TrueType CJK fonts on Linux), then the font shipped in ``assets/fonts/``. reportlab can
embed only TrueType outlines, and refuses fonts whose licence forbids embedding: such a file
raises ``TTFError`` and the next candidate is tried. If nothing works we raise
:class:`FontUnavailableError` instead of falling back to Helvetica, which would print every
Chinese character as an empty box.
"""
from __future__ import annotations

import os
import sys
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph

from dongan_desk import paths

__all__ = [
    "FontChoice",
    "FontUnavailableError",
    "body_font",
    "heading_font",
    "install_cjk_line_breaking",
    "load_fonts",
    "system_font_dirs",
]

FONT_DIRS_ENV = "DONGAN_FONT_DIRS"

# (file name, sub-font index in a .ttc). Preference order for each role; a heading prefers a
# 黑体-like sans, the body a 仿宋/宋体-like serif, and both accept anything Chinese at the end.
_BODY = (
    ("simfang.ttf", 0), ("simsun.ttc", 0), ("msyh.ttc", 0), ("simhei.ttf", 0),
    ("uming.ttc", 0), ("wqy-microhei.ttc", 0), ("wqy-zenhei.ttc", 0),
    ("droidsansfallbackfull.ttf", 0), ("droidsansfallback.ttf", 0),
)
_HEADING = (
    ("simhei.ttf", 0), ("msyh.ttc", 0), ("wqy-microhei.ttc", 0), ("wqy-zenhei.ttc", 0),
    ("droidsansfallbackfull.ttf", 0), ("droidsansfallback.ttf", 0),
    ("simsun.ttc", 0), ("simfang.ttf", 0), ("uming.ttc", 0),
)
_WANTED = {name for name, _ in _BODY + _HEADING}

# A font without these would print boxes on every form, so it does not count as Chinese.
_PROBE_TEXT = "东安台账人民调解协议书，。"

# Characters that must not start a line (FORMS.md §3); reportlab's list lacks most of them.
_CANNOT_START = "，；：？！》”’、。）…"


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


def _register(path: Path, subfont: int, tried: list[str], cache: dict) -> str | None:
    """Register one font file with reportlab; None (and a note in ``tried``) if unusable."""
    key = (str(path), subfont)
    if key in cache:
        return cache[key]
    # The path's checksum keeps two different files from ever sharing a registered name.
    name = f"DA-{path.stem}-{subfont}-{zlib.crc32(str(path).encode()):08x}"
    try:
        font = TTFont(name, str(path), subfontIndex=subfont)
        missing = [ch for ch in _PROBE_TEXT if ord(ch) not in font.face.charToGlyph]
        if missing:
            raise ValueError("缺少汉字字形 " + "".join(missing))
        pdfmetrics.registerFont(font)
    except Exception as exc:  # TTFError (CFF/OTF, embedding forbidden) or a broken file
        tried.append(f"{path}: {exc}")
        cache[key] = None
        return None
    cache[key] = name
    return name


def _first(prefs: Sequence[tuple[str, int]], groups: Sequence[dict[str, Path]],
           tried: list[str], cache: dict) -> tuple[str, Path] | None:
    # System fonts as a group come before the bundled folder, whatever their preference rank.
    for found in groups:
        for file_name, subfont in prefs:
            path = found.get(file_name)
            if path is not None:
                name = _register(path, subfont, tried, cache)
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
    cache: dict = {}
    body = _first(_BODY, groups, tried, cache)
    if body is None:
        raise FontUnavailableError(tried)
    heading = _first(_HEADING, groups, tried, cache) or body
    _register_family(body[0], bold=heading[0])
    if heading[0] != body[0]:
        _register_family(heading[0], bold=heading[0])
    return FontChoice(body=body[0], heading=heading[0], body_file=body[1], heading_file=heading[1])


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
    so both are extended. Safe to call any number of times.
    """
    for module in (textsplit, paragraph):
        current = module.ALL_CANNOT_START
        missing = "".join(ch for ch in _CANNOT_START if ch not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing
