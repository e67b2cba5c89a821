import pytest

from tests.harness.sites import RunningSite


@pytest.fixture(scope="package")
def app_site():
    """One running site for the fast path's and the nginx profile's tests (each site costs a build).

    It writes page files for nginx as the production profile does; the fast path ignores them.
    The two modules change different articles.
    """
    running = RunningSite(workers=2, threads=1)
    running.folder.chmod(0o755)  # nginx's workers (an unprivileged user) read the page files
    running.env["PAGE_FILES_DIR"] = str(running.folder / "pages")
    running.prepare().start()
    yield running
    running.stop()
