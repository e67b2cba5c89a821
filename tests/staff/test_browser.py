"""An Administrator's first sign-in in a real Chromium: password, set up the app, dashboard."""

import pytest

from tests.staff.helpers import PASSWORD, code_for

pytestmark = pytest.mark.browser


def test_an_administrator_signs_in_sets_up_two_factor_and_reaches_the_dashboard(site, browser, screenshots):
    site.shell(
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_superuser('first-admin', '', {PASSWORD!r})"
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Username").fill("first-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/two-factor/set-up/**")
    page.screenshot(path=screenshots / "two-factor-set-up.png", full_page=True)

    page.get_by_label("Code").fill(code_for(page.locator("[data-staff-secret]").inner_text()))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.locator("[data-staff-recovery-codes]").wait_for()
    assert page.locator("[data-staff-recovery-codes] li").count() == 10
    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_url(site.url + "/admin/")
    assert page.locator(".w-dashboard").is_visible()
    page.close()
