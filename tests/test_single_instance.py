"""One program per data folder: a second start is refused and pokes the first; a crash leaves
no stale lock."""
import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dongan_desk import single_instance
from dongan_desk.single_instance import AlreadyRunning, acquire, poke

ROOT = Path(__file__).resolve().parent.parent

HOLDER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from dongan_desk.single_instance import acquire
    lock = acquire(sys.argv[1])
    lock.listen()
    print("READY", flush=True)
    while True:
        if lock.poked.wait(0.05):
            lock.poked.clear()
            print("POKED", flush=True)
""")


@pytest.fixture
def holder(tmp_path):
    """Another program holding ``tmp_path``, as a real separate process."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path), str(ROOT)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "READY"
    yield child
    if child.poll() is None:
        child.kill()
    child.wait(10)


def test_a_second_start_is_refused_and_brings_the_first_forward(tmp_path, holder):
    with pytest.raises(AlreadyRunning) as caught:
        acquire(tmp_path)
    assert "已经打开" in str(caught.value) and str(tmp_path) in str(caught.value)
    assert poke(tmp_path) is True
    assert holder.stdout.readline().strip() == "POKED"


def test_a_killed_program_leaves_no_stale_lock(tmp_path, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    assert (tmp_path / single_instance.LOCK_FILENAME).exists()  # the file stays, the lock does not
    assert poke(tmp_path) is False  # nobody listens on the dead program's port
    lock = acquire(tmp_path)
    try:
        info = json.loads((tmp_path / single_instance.LOCK_FILENAME).read_text())
        assert info["pid"] != holder.pid
    finally:
        lock.release()


def test_another_data_folder_is_another_program(tmp_path, holder):
    other = tmp_path / "other"
    other.mkdir()
    lock = acquire(other)
    lock.release()


def test_release_frees_the_folder_and_stops_listening(tmp_path):
    lock = acquire(tmp_path)
    port = lock.listen()
    with pytest.raises(AlreadyRunning):
        acquire(tmp_path)  # a second open of the lock file, even in the same process
    assert poke(tmp_path) is True
    deadline = time.monotonic() + 5
    while not lock.poked.is_set() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert lock.poked.is_set()
    lock.release()
    assert not lock.held
    again = acquire(tmp_path)
    again.release()
    import socket
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()


def test_a_wrong_token_does_not_poke(tmp_path):
    lock = acquire(tmp_path)
    port = lock.listen()
    try:
        import socket
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"not-the-token\n")
        time.sleep(0.3)
        assert not lock.poked.is_set()
    finally:
        lock.release()
