"""The headless jobs of main.py, run as a clerk or a script would: in a fresh process."""
from dongan_desk import __version__

from cli_helpers import main_py


def run(*args, data_dir=None, **options):
    return main_py(data_dir, *args, **options)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_init_village_then_check_finds_only_the_missing_covenant(tmp_path):
    """A new village has no records that break a rule, and no 现行 村规民约 yet: every village
    must have one (issue 14), so that is the one finding, and check says so with exit code 1."""
    result = run("init", "village", "--name", "兴田村", "--short", "兴田", "--code", "500229115201",
                 data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "兴田村" in result.stdout
    check = run("check", data_dir=tmp_path)
    assert check.returncode == 1, check.stderr
    assert check.stdout.splitlines() == [
        "没有现行村规民约：兴田村还没有经村民代表大会审定的现行村规民约，请在“村规民约”中起草并按程序审定"]
    again = run("init", "village", "--name", "德安村", "--short", "德安", "--code", "500229115202",
                data_dir=tmp_path)
    assert again.returncode == 2 and "已经设置过" in again.stderr


def test_init_town_with_villages(tmp_path):
    result = run("init", "town", "--name", "东安镇", "--short", "东安", "--code", "500229115000",
                 "--village", "兴田村,兴田,500229115201", "--village", "德安村,德安,500229115202",
                 data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    bad = run("init", "town", "--name", "东安镇", "--short", "东安", "--code", "1",
              "--village", "兴田村", data_dir=tmp_path / "other")
    assert bad.returncode == 2 and "名称,简称,代码" in bad.stderr


def test_demo_village_has_findings_that_check_reports(tmp_path):
    demo = run("demo", "--size", "village", data_dir=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "示例" in demo.stdout
    check = run("check", data_dir=tmp_path)
    assert check.returncode == 1
    assert "没有党员网格员" in check.stdout


def test_newer_database_is_refused_by_every_job(tmp_path):
    import sqlite3
    with sqlite3.connect(tmp_path / "dongan.db") as conn:
        conn.execute("PRAGMA user_version = 999")
    result = run("check", data_dir=tmp_path)
    assert result.returncode == 2 and "更新版本" in result.stderr
