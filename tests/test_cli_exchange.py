"""报送 month after month with the program's own commands, as issue 10 reproduced it."""
import re

from dongan_desk.ledgers.roster.rules import save_resident
from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database
from dongan_desk.store.models import Household

from tests.test_cli import run


def access_code(town_dir, unit_code):
    shown = run("unit", "show", data_dir=town_dir)
    (line,) = [l for l in shown.stdout.splitlines() if unit_code in l]
    return re.search(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", line).group(0)


def test_the_second_month_imports_and_a_reinstalled_pc_is_taken_back_with_a_reason(tmp_path):
    village, town = tmp_path / "v", tmp_path / "t"
    assert run("demo", "--size", "village", data_dir=village).returncode == 0
    made = run("init", "town", "--name", "东安镇", "--short", "东安", "--code", "500229115000",
               "--village", "东安社区,东安社区,500229115001", data_dir=town)
    assert made.returncode == 0 and "接入码" in made.stdout
    code = access_code(town, "500229115001")
    refused = run("export", "--out", str(tmp_path), data_dir=village)
    assert refused.returncode == 2 and "接入码" in refused.stderr
    assert run("unit", "access-code", code.lower().replace("-", " "), data_dir=village).returncode == 0
    for month in ("o1", "o2"):
        (tmp_path / month).mkdir()
        assert run("export", "--out", str(tmp_path / month), data_dir=village).returncode == 0
        if month == "o1":
            open_database(village / "dongan.db")
            save_resident({"household": Household.select().first(), "name": "新来的", "relation": "其他"})
            close_database()
        else:
            dry = run("import", str(tmp_path / month), "--dry-run", data_dir=town)
            assert "人员：新增 1，" in dry.stdout
        done = run("import", str(tmp_path / month), data_dir=town)
        assert done.returncode == 0 and "已导入" in done.stdout, done.stdout + done.stderr
    # The village PC is reinstalled: set up again with the same code and 接入码.
    again = tmp_path / "v2"
    assert run("init", "village", "--name", "东安社区", "--short", "东安社区", "--code",
               "500229115001", "--access-code", code, data_dir=again).returncode == 0
    (tmp_path / "o3").mkdir()
    assert run("export", "--out", str(tmp_path / "o3"), data_dir=again).returncode == 0
    waiting = run("import", str(tmp_path / "o3"), data_dir=town)
    assert waiting.returncode == 1 and "待确认" in waiting.stdout and "--rebaseline" in waiting.stdout
    taken = run("import", str(tmp_path / "o3"), "--rebaseline", "村里电脑重装", data_dir=town)
    assert taken.returncode == 0 and "重新起算" in taken.stdout and "村里电脑重装" in taken.stdout


def test_unit_codes_are_checked_and_a_change_is_explained_before_it_is_saved(tmp_path):
    bad = run("init", "village", "--name", "兴田村", "--short", "兴田", "--code", "５００２abc",
              data_dir=tmp_path)
    assert bad.returncode == 2 and "12位数字" in bad.stderr
    good = run("init", "village", "--name", "兴田村", "--short", "兴田", "--code", "５００２２９１１５２０１",
               data_dir=tmp_path)
    assert good.returncode == 0 and "500229115201" in good.stdout
    asked = run("unit", "set", "--code", "500229115202", data_dir=tmp_path)
    assert asked.returncode == 1 and "曾用代码 500229115201" in asked.stdout and "--yes" in asked.stdout
    assert "500229115201" in run("unit", "show", data_dir=tmp_path).stdout
    done = run("unit", "set", "--code", "500229115202", "--yes", data_dir=tmp_path)
    assert done.returncode == 0 and "500229115202" in run("unit", "show", data_dir=tmp_path).stdout
    wrong = run("unit", "access-code", "K7QM-3XWA-9TPR-CE40", data_dir=tmp_path)
    assert wrong.returncode == 2 and "0" in wrong.stderr and "接入码" in wrong.stderr
