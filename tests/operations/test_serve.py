"""`make run` serves through `manage.py serve`: web server, task worker and scheduler, stopped together."""

import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.harness.sites import ROOT, RunningSite, free_port


def processes_in_group(group_id):
    return subprocess.run(["pgrep", "-g", str(group_id)], capture_output=True, text=True).stdout.split()


@pytest.mark.concurrency
def test_ctrl_c_stops_the_web_server_worker_and_scheduler_together():
    site = RunningSite()
    try:
        site.prepare()
        port = free_port()
        output = site.folder / "serve.out"
        serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port)],
            cwd=ROOT,
            env={**{k: v for k, v in site.env.items() if k != "LOG_LEVEL"}, "SITE_URL": f"http://127.0.0.1:{port}"},
            start_new_session=True,
            stdout=output.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                assert urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the site did not come up"
                time.sleep(0.3)
        # Once the server answers, the addresses and login are said again, and they stay the last lines:
        # the task worker works through the demo's queued jobs without a line per task.
        while "Broadsheet is ready" not in output.read_text():
            assert time.monotonic() < deadline, "the welcome was not printed"
            time.sleep(0.3)
        time.sleep(3)
        printed = output.read_text()
        assert "state=RUNNING" not in printed and "Task id=" not in printed
        last = printed.strip().splitlines()
        assert last[-1].startswith("  E-mails are written to") or last[-1].startswith("  (")
        assert f"  Reader site:  http://127.0.0.1:{port}/" in last[-6:]
        assert f"  Back office:  http://127.0.0.1:{port}/admin/" in last[-6:]
        group = processes_in_group(serve.pid)
        assert len(group) >= 4  # serve, granian (and its worker), db_worker, scheduler
        serve.send_signal(signal.SIGINT)  # what Ctrl-C delivers
        assert serve.wait(timeout=30) == 0
        deadline = time.monotonic() + 15
        while (left := processes_in_group(serve.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert left == []
    finally:
        site.stop()
