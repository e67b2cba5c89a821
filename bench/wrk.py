"""Running wrk and reading its report: one place for the command line and the parsing."""

import re
import subprocess


def run_wrk(url, *, connections, duration, script=None, headers=()):
    """Load `url` with wrk and return completed, seconds, failed (non-2xx/3xx), p50 and p99 as text."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def latency(percent):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)", out, re.M)
        return f"{found.group(1)}{found.group(2)}"

    return {
        "completed": int(re.search(r"(\d+) requests in", out).group(1)),
        "seconds": float(re.search(r"requests in ([\d.]+)s", out).group(1)),
        "failed": int(failed.group(1)) if failed else 0,
        "p50": latency(50),
        "p99": latency(99),
    }


def millis(text):
    """Return wrk's latency text ("850.00us", "1.20ms", "2.01s") in milliseconds."""
    found = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
