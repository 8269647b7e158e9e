"""The start's check does not call a database damaged that a power cut left for a writer to
recover (a hot rollback journal), and leaves it as it was."""
import shutil
import sqlite3

from dongan_desk.store import integrity


def test_a_hot_journal_is_not_damage_and_stays_for_the_program_to_recover(tmp_path):
    live = tmp_path / "live.db"
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA cache_size=10")  # a big change spills into the file before commit
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("old" * 50,)] * 5000)
    conn.execute("BEGIN")
    conn.execute("UPDATE t SET x = 'half written'")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("live.db", "live.db-journal"):  # the files as a power cut leaves them
        shutil.copyfile(tmp_path / name, crashed / name)
    conn.execute("ROLLBACK")
    conn.close()
    path = crashed / "live.db"
    before = path.read_bytes()
    assert integrity.check_file(path) == []
    assert path.read_bytes() == before and (crashed / "live.db-journal").exists()
    reopened = sqlite3.connect(path)  # what the program's own open then does
    assert reopened.execute("SELECT DISTINCT x FROM t").fetchall() == [("old" * 50,)]
    reopened.close()
