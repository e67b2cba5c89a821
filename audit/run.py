"""`make audit`: Lighthouse, axe and the page budgets on the pages listed in audit/pages.py.

Starts a throwaway site with the demo newsroom (or audits `--url`), then for each page:
- weighs the HTML and the CSS and JavaScript it loads against issue 13's budgets, and checks its
  pictures are responsive (srcset, sizes, WebP or AVIF, width and height);
- loads it in Chromium on a desktop and a phone screen, measures layout shift, runs axe-core (every
  rule, every impact) and saves a screenshot in var/shots/;
- runs Lighthouse (phone and desktop presets, the median of AUDIT_RUNS runs by performance score).
Prints the scores and exits non-zero when any page misses a target.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from audit.pages import JS_BUDGET, JS_BUDGETS, PAGES, measure
from tests.harness.sites import RunningSite

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHOTS = ROOT / "var" / "shots"
REPORTS = ROOT / "var" / "audit"
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
RUNS = int(os.environ.get("AUDIT_RUNS", "3"))

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LIGHTHOUSE_TARGET = 98
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# Counts every layout shift the page makes while it loads, fills its fragments and is scrolled
# to the end (lazy pictures arrive then); a reserved box for each means the sum stays 0.
OBSERVE_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__shifts.push({value: entry.value, sources: (entry.sources || []).map(
      (s) => s.node && s.node.nodeType === 1 ? s.node.outerHTML.slice(0, 120) : String(s.node))});
  }
}).observe({type: "layout-shift", buffered: true});
"""


# A reader's scroll, half a screen at a time, so every lazy picture loads (and could shift something).
SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((done) => setTimeout(done, 60));
  }
  scrollTo(0, 0);
}"""


def browse(url, name):
    """Return {viewport: (layout shift, shifted elements, axe violations)} and save screenshots."""
    from playwright.sync_api import sync_playwright

    results = {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for device, viewport in VIEWPORTS.items():
            page = browser.new_page(viewport=viewport)
            page.add_init_script(OBSERVE_SHIFTS)
            page.goto(url, wait_until="networkidle")
            page.evaluate(SCROLL_THROUGH)
            page.wait_for_load_state("networkidle")
            shifts = page.evaluate("window.__shifts")
            page.add_script_tag(path=str(AXE))
            axe = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            page.screenshot(path=SHOTS / f"{name}-{device}.png", full_page=True)
            results[device] = (
                sum(s["value"] for s in shifts),
                [source for s in shifts for source in s["sources"]],
                [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in axe["violations"]],
            )
            page.close()
        browser.close()
    return results


def lighthouse(url, name, preset):
    """Return {category: score} from the median of RUNS Lighthouse runs, and the kept report's path."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    runs = []
    for n in range(RUNS):
        report = REPORTS / f"lighthouse-{name}-{preset}-{n}.json"
        command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}"]
        command += ["--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
        if preset == "desktop":
            command.append("--preset=desktop")
        # Lighthouse sometimes fails to record its own trace (NO_NAVSTART, PROTOCOL_TIMEOUT): a
        # fault of the tool, not the page, so that run is taken again, once.
        for attempt in range(2):
            done = subprocess.run(command, check=attempt == 1, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
            if done.returncode == 0:
                break
        data = json.loads(report.read_text())
        runs.append(({c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}, report))
    by_performance = sorted(runs, key=lambda run: run[0]["performance"])
    scores, report = by_performance[len(by_performance) // 2]
    spread = [run[0]["performance"] for run in runs]
    return scores, report, spread


def audit(base):
    failures = []
    print(f"Auditing {base}")
    for name, path in PAGES.items():
        url = base + path
        for _ in range(2):
            measure(url)  # the first render makes the picture renditions; measure what readers get
        weight = measure(url)
        print(f"\n{name} page {path}")
        print(
            f"  weight: HTML {weight.html:,} B, CSS {weight.css_total:,} B in {len(weight.css)} files, "
            f"JavaScript {weight.js_total:,} B in {len(weight.js)} files"
        )
        failures += [f"{name}: {problem}" for problem in weight.over_budget(JS_BUDGETS.get(name, JS_BUDGET))]

        for device, (shift, shifted, violations) in browse(url, name).items():
            print(f"  {device:8} layout shift {shift:.4f}, axe violations {len(violations)}")
            if shift > 0:
                failures.append(f"{name} ({device}): layout shift {shift:.4f} from {shifted[:3]}")
            failures += [f"{name} ({device}): axe {v}" for v in violations]

        for preset in ("mobile", "desktop"):
            scores, report, spread = lighthouse(url, name, preset)
            listed = ", ".join(f"{c} {s}" for c, s in scores.items())
            print(f"  Lighthouse {preset:8} {listed}  (performance over {len(spread)} runs: {spread}; {report.name})")
            failures += [
                f"{name} ({preset}): Lighthouse {c} {s} < {LIGHTHOUSE_TARGET}"
                for c, s in scores.items()
                if s < LIGHTHOUSE_TARGET
            ]
    print(f"\nScreenshots: {SHOTS}/  Lighthouse reports: {REPORTS}/")
    if failures:
        print("\nMissed targets:")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    print(f"\nEvery target met: Lighthouse >= {LIGHTHOUSE_TARGET} everywhere, 0 axe violations, no layout shift.")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="audit a site already running at this address instead of a throwaway one")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists() or not AXE.exists():
        sys.exit("The audit tools are missing: run `make audit` (it installs them into audit/node_modules).")
    if args.url:
        sys.exit(audit(args.url.rstrip("/")))
    site = RunningSite(workers=1, threads=2)
    print("Building the demo newsroom…", flush=True)
    site.prepare()
    try:
        site.start()
        status = audit(site.url)
    finally:
        site.stop()
    sys.exit(status)


if __name__ == "__main__":
    main()
