"""Build the program: ``python build/build.py [--clean]``.

Makes the one-folder, windowed PyInstaller build ``build/dist/东安台账/`` (the executable
``东安台账.exe`` on Windows, its files in ``_internal/``). PyInstaller's work files go to
``build/work/``, which is kept between builds (a rebuild reuses its cache) and ignored by git;
``--clean`` starts from nothing. Build on the system the program is for: Windows for Windows.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "dongan.spec"
WORK = HERE / "work"
DIST = HERE / "dist"
APP = "东安台账"


def executable(dist: Path = DIST) -> Path:
    name = f"{APP}.exe" if sys.platform.startswith("win") else APP
    return dist / APP / name


def build(clean: bool = False, dist: Path = DIST, work: Path = WORK) -> Path:
    """Run PyInstaller on the spec; returns the built executable."""
    import PyInstaller.__main__

    if not (ROOT / "assets" / "dongan.ico").exists():
        sys.path.insert(0, str(HERE))
        from make_icon import main as make_icon
        make_icon()
    args = [str(SPEC), "--noconfirm", "--log-level", "WARN",
            "--workpath", str(work), "--distpath", str(dist)]
    if clean:
        args.append("--clean")
    PyInstaller.__main__.run(args)
    exe = executable(dist)
    if not exe.exists():
        raise SystemExit(f"构建失败：没有生成 {exe}")
    return exe


def main() -> int:
    parser = argparse.ArgumentParser(description="构建东安台账的单文件夹、窗口版程序")
    parser.add_argument("--clean", action="store_true", help="不用上次构建的缓存，从头构建")
    args = parser.parse_args()
    exe = build(clean=args.clean)
    print(f"已构建：{exe}\n把整个文件夹 {exe.parent} 复制到办公电脑上即可使用；"
          f"先运行一次“{exe.name} --self-test”检查。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
