"""The PyInstaller build: made by ``python build/build.py`` (reusing ``build/work/`` when it is
there), then the built program itself runs its self-test, a headless job and its window."""
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import ADMIN, PASSWORD

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("dongan_build", ROOT / "build" / "build.py")
build_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_script)
APP, DIST, executable = build_script.APP, build_script.DIST, build_script.executable

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built() -> Path:
    result = subprocess.run([sys.executable, str(ROOT / "build" / "build.py")], cwd=ROOT,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    exe = executable()
    assert exe.exists()
    shutil.rmtree(exe.parent / "db", ignore_errors=True)  # from an earlier run
    yield exe
    shutil.rmtree(exe.parent / "db", ignore_errors=True)


def run_built(exe: Path, *args: str, env_extra: dict | None = None, timeout: int = 300):
    env = {k: v for k, v in os.environ.items() if k != "DONGAN_DATA"}
    env.update(env_extra or {})
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=exe.parent.parent)


def test_the_folder_holds_the_program_its_assets_and_licences(built):
    folder = DIST / APP
    assert built.parent == folder
    internal = folder / "_internal"
    for name in ("assets/dongan.png", "assets/dongan.ico", "assets/fonts/wqy-microhei.ttc",
                 "assets/fonts/wqy-microhei-LICENSE.txt"):
        assert (internal / name).is_file(), name
    assert list(internal.glob("ttkbootstrap/assets/**/*.png"))
    assert not (folder / "db").exists()  # the data folder appears on first run, not in the build


def test_the_built_program_passes_its_self_test_with_only_its_own_font(built):
    # No system fonts: the PDF must embed the font shipped in the folder.
    result = run_built(built, "--self-test", env_extra={"DONGAN_FONT_DIRS": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    report = (built.parent / "db" / "logs" / "selftest.log").read_text(encoding="utf-8")
    assert "打包版" in report and "自检通过" in report and "【失败】" not in report
    assert "随程序附带" in report
    if os.environ.get("DISPLAY"):
        assert "【通过】窗口" in report


def test_a_folder_that_cannot_hold_db_uses_the_users_data_folder(built, tmp_path):
    blocker = built.parent / "db"
    shutil.rmtree(blocker, ignore_errors=True)
    blocker.write_text("a file where the data folder would go")  # db/ cannot be made
    try:
        result = run_built(built, "--self-test", env_extra={"XDG_DATA_HOME": str(tmp_path),
                                                           "HOME": str(tmp_path)})
    finally:
        blocker.unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "dongan_desk" / "logs" / "selftest.log").exists()


def test_the_built_program_runs_jobs_and_opens_its_window(built, tmp_path):
    version = run_built(built, "--version")
    assert version.returncode == 0 and "东安台账" in version.stdout
    as_admin = {"DONGAN_PASSWORD": PASSWORD}
    init = run_built(built, "--data-dir", str(tmp_path), "init", "village", "--name", "兴田村",
                     "--short", "兴田", "--code", "500229115201", "--admin", ADMIN,
                     env_extra=as_admin)
    assert init.returncode == 0, init.stderr
    if not os.environ.get("DISPLAY"):
        pytest.skip("no display for the window")
    # The window starts (single-instance lock, integrity check, daily backup), then closes.
    window = run_built(built, "--data-dir", str(tmp_path), env_extra={"DONGAN_BENCH_IDLE": "1"},
                       timeout=120)
    assert window.returncode == 0 and "IDLE" in window.stdout, window.stderr
    assert list((tmp_path / "backups").glob("兴田村-备份-*-每日.db"))
    backup = run_built(built, "--data-dir", str(tmp_path), "--account", ADMIN, "backup",
                       "--out", str(tmp_path), env_extra=as_admin)
    assert backup.returncode == 0 and "已备份到" in backup.stdout, backup.stderr
