"""``main.py import-roster``, run as a clerk or a script would: in a fresh process."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.cli_helpers import main_py as run
from tests.ledgers.roster import roster_workbooks as books


def village_pc(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    result = run(data, "init", "village", "--name", "兴田村", "--short", "兴田", "--code", "500229115201")
    assert result.returncode == 0, result.stderr
    return data


def residents(data: Path) -> int:
    import sqlite3
    with sqlite3.connect(data / "dongan.db") as conn:
        return conn.execute("SELECT COUNT(*) FROM resident").fetchone()[0]


def test_dry_run_then_import_then_again(tmp_path):
    data = village_pc(tmp_path)
    source = books.village_roster(tmp_path / "花名册.xlsx")
    dry = run(data, "import-roster", str(source), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "E 公民身份号码 → 身份证号" in dry.stdout and "O 旧电话（隐藏列） → 不导入" in dry.stdout
    assert "预览（没有写入）" in dry.stdout and "将导入：3 户，7 人" in dry.stdout
    assert residents(data) == 0
    done = run(data, "import-roster", str(source))
    assert done.returncode == 0, done.stderr
    assert "已导入：3 户，7 人，新建院落网格 2 个（一组、二组）" in done.stdout and residents(data) == 7
    assert list((data / "backups").glob("*导入前*.db"))  # a backup before writing
    again = run(data, "import-roster", str(source))
    assert again.returncode == 0 and "已导入：0 户，0 人" in again.stdout and "跳过：7 人" in again.stdout
    assert residents(data) == 7


def test_refused_rows_exit_1_with_the_error_list(tmp_path):
    data = village_pc(tmp_path)
    source = books.group_sheets(tmp_path / "分组.xlsx")
    out = tmp_path / "改这些.xlsx"
    result = run(data, "import-roster", str(source), "--errors", str(out))
    assert result.returncode == 1, result.stderr
    assert f"错误清单：{out}（5行" in result.stdout
    assert "没有导入：二组 第5行，C 身份证号码：身份证号被存成了数字" in result.stdout
    assert load_workbook(out)["三组"].cell(5, 5).value.startswith("与户主关系“表哥”看不懂")
    assert residents(data) == 3
    beside = run(data, "import-roster", str(source), "--dry-run", "--sheet", "三组")
    assert beside.returncode == 1 and "工作表“二组”" not in beside.stdout
    assert (tmp_path / "分组-错误清单.xlsx").is_file()


def test_map_changes_a_column_and_bad_options_exit_2(tmp_path):
    data = village_pc(tmp_path)
    source = books.village_roster(tmp_path / "花名册.xlsx")
    mapped = run(data, "import-roster", str(source), "--dry-run", "--map", "联系电话=不导入", "--map", "民族=备注")
    assert mapped.returncode == 0, mapped.stderr
    assert "L 联系电话 → 不导入" in mapped.stdout and "H 民族 → 备注" in mapped.stdout
    unknown = run(data, "import-roster", str(source), "--map", "联系电话=电报")
    assert unknown.returncode == 2 and "看不懂" in unknown.stderr
    no_sheet = run(data, "import-roster", str(source), "--sheet", "五组")
    assert no_sheet.returncode == 2 and "没有叫“五组”的工作表" in no_sheet.stderr
    assert residents(data) == 0


def test_an_unreadable_file_exits_2(tmp_path):
    data = village_pc(tmp_path)
    bad = tmp_path / "花名册.xlsx"
    bad.write_text("不是表格", encoding="utf-8")
    result = run(data, "import-roster", str(bad))
    assert result.returncode == 2 and "不是 Excel 工作簿" in result.stderr
    missing = run(data, "import-roster", str(tmp_path / "没有这个.xlsx"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr


def test_the_township_refuses(tmp_path):
    data = tmp_path / "town"
    assert run(data, "init", "town", "--name", "东安镇", "--short", "东安", "--code", "500229115000",
               "--village", "兴田村,兴田,500229115201").returncode == 0
    result = run(data, "import-roster", str(books.village_roster(tmp_path / "花名册.xlsx")))
    assert result.returncode == 2 and "镇本级的电脑不导入花名册" in result.stderr
