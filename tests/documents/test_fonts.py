import os
import shutil
from pathlib import Path

import pytest
from reportlab.lib import textsplit
from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph

from dongan_desk import paths
from dongan_desk.documents import fonts
from dongan_desk.documents.fonts import FontUnavailableError, load_fonts

BUNDLED = paths.fonts_dir() / "wqy-microhei.ttc"


@pytest.fixture
def empty(tmp_path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


@pytest.fixture
def fresh_cache():
    fonts.reset_fonts()
    yield
    fonts.reset_fonts()


def test_bundled_font_exists_with_licence():
    assert BUNDLED.is_file()
    assert (paths.fonts_dir() / "wqy-microhei-LICENSE.txt").is_file()


def test_no_system_font_uses_bundled(empty):
    choice = load_fonts(system_dirs=[empty])
    assert choice.body_file == BUNDLED and choice.heading_file == BUNDLED
    font = pdfmetrics.getFont(choice.body)
    assert ord("东") in font.face.charToGlyph


def test_system_font_comes_before_bundled(tmp_path):
    system = tmp_path / "Fonts"
    system.mkdir()
    # A TrueType collection works whatever its file is called; stands in for Windows fonts.
    shutil.copy(BUNDLED, system / "SIMFANG.TTF")
    shutil.copy(BUNDLED, system / "simhei.ttf")
    choice = load_fonts(system_dirs=[system])
    assert choice.body_file == system / "SIMFANG.TTF"   # 仿宋 for the body
    assert choice.heading_file == system / "simhei.ttf"  # 黑体 for headings
    assert choice.body != choice.heading


def test_fonts_in_subfolders_are_found(tmp_path):
    nested = tmp_path / "truetype" / "wqy"
    nested.mkdir(parents=True)
    shutil.copy(BUNDLED, nested / "wqy-zenhei.ttc")
    assert load_fonts(system_dirs=[tmp_path]).body_file == nested / "wqy-zenhei.ttc"


def test_unembeddable_fonts_fall_through_to_bundled(tmp_path):
    system = tmp_path / "Fonts"
    system.mkdir()
    (system / "simfang.ttf").write_bytes(b"OTTO" + bytes(200))  # CFF outlines: refused
    (system / "simhei.ttf").write_bytes(b"broken")
    choice = load_fonts(system_dirs=[system])
    assert choice.body_file == BUNDLED and choice.heading_file == BUNDLED


def test_font_without_chinese_is_refused(tmp_path, empty):
    latin = next(Path(pdfmetrics.__file__).parent.parent.glob("fonts/Vera.ttf"), None)
    if latin is None:
        pytest.skip("reportlab's Vera.ttf not shipped")
    system = tmp_path / "Fonts"
    system.mkdir()
    shutil.copy(latin, system / "simfang.ttf")
    with pytest.raises(FontUnavailableError) as info:
        load_fonts(system_dirs=[system], bundled_dir=empty)
    assert any("缺少汉字字形" in t for t in info.value.tried)


def test_no_font_at_all_raises_chinese_error(tmp_path, empty):
    system = tmp_path / "Fonts"
    system.mkdir()
    (system / "simfang.ttf").write_bytes(b"OTTO" + bytes(200))
    with pytest.raises(FontUnavailableError) as info:
        load_fonts(system_dirs=[system], bundled_dir=empty)
    message = str(info.value)
    assert "中文字体" in message and "wqy-microhei.ttc" in message and "安装" in message
    assert any("simfang.ttf" in t for t in info.value.tried)


def test_cached_api_never_falls_back_to_helvetica(monkeypatch, empty, fresh_cache):
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, str(empty))
    monkeypatch.setattr(paths, "fonts_dir", lambda: empty)
    with pytest.raises(FontUnavailableError):
        fonts.body_font()
    with pytest.raises(FontUnavailableError):
        fonts.heading_font()


def test_env_var_replaces_system_dirs(monkeypatch, tmp_path):
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    assert fonts.system_font_dirs() == [tmp_path / "a", tmp_path / "b"]
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, "")
    assert fonts.system_font_dirs() == []


def test_cached_names_are_registered_and_stable(fresh_cache):
    body, heading = fonts.body_font(), fonts.heading_font()
    assert fonts.body_font() == body and fonts.fonts() is fonts.fonts()
    for name in (body, heading):
        assert ord("账") in pdfmetrics.getFont(name).face.charToGlyph
    # <b> in a Paragraph needs a family mapping, else reportlab raises; bold is the heading font.
    assert tt2ps(body, 1, 0) == heading


def test_line_breaking_fix_installed_in_both_modules(fresh_cache):
    fonts.body_font()
    for module in (textsplit, paragraph):
        for ch in "，；：？！》”’、。）…":
            assert ch in module.ALL_CANNOT_START, (module.__name__, ch)
    before = paragraph.ALL_CANNOT_START
    fonts.install_cjk_line_breaking()
    assert paragraph.ALL_CANNOT_START == before  # idempotent
