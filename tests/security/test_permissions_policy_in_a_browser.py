"""Chromium reads the Permissions-Policy whole: no feature it does not know, and the features refused."""


def test_chromium_understands_the_policy_and_refuses_the_camera_but_not_full_screen(site, browser):
    context = browser.new_context()
    page = context.new_page()
    complaints = []
    page.on(
        "console", lambda message: complaints.append(message.text) if "Permissions-Policy" in message.text else None
    )
    try:
        # Every page has the same policy (tests/security/test_headers.py): the front page stands for them.
        for path in ("/",):
            page.goto(site.url + path, wait_until="load")
            allowed = page.evaluate(
                """() => Object.fromEntries(['camera', 'microphone', 'geolocation', 'payment', 'fullscreen',
                    'picture-in-picture'].map(f => [f, document.featurePolicy.allowsFeature(f)]))"""
            )
            assert allowed == {
                "camera": False,
                "microphone": False,
                "geolocation": False,
                "payment": False,
                "fullscreen": True,
                "picture-in-picture": True,
            }, path
        assert complaints == []
    finally:
        context.close()
