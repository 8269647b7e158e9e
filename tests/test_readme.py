"""The README opens with a section in Chinese for the clerks (issue 12), before the English ones."""
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_clerks_section_comes_first_and_covers_their_day():
    text = README.read_text(encoding="utf-8")
    title, _, rest = text.partition("\n")
    first_section = rest.split("\n## ")[1] if rest.lstrip().startswith("## ") else ""
    assert title.startswith("# 东安台账") and first_section.startswith("给办公室同志的说明")
    for words in ("东安台账.exe", "bash tests/run.sh", "main.py", "第一次打开", "备份到…", "从备份恢复…",
                  "接入码", "导出报送包…", "接受重新起算", "导入花名册…", "错误清单", "数据在哪里", "出了问题怎么办",
                  "F1", "账号和密码", "恢复码单", "文件 → 锁定", "用恢复码重设…"):
        assert words in first_section, words
    assert "## The two commands" in text and "## Layout" in text  # the English sections stay
