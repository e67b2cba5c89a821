"""Which site answers a host: Wagtail's answer, kept per host and port until the navigation changes."""

from wagtail.models import Site


def test_each_host_is_answered_by_its_own_site_every_time(client, settings, world):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example"]
    Site.objects.create(hostname="other.example", port=80, root_page=world, site_name="Other desk")
    for _ in range(2):  # the second time from the kept answers
        other = client.get("/", HTTP_HOST="other.example")
        ours = client.get("/")
        assert (other.status_code, ours.status_code) == (200, 200)
        assert "News from every continent." in other.content.decode()
        assert "News from every continent." not in ours.content.decode()
    # A path under the other site's root is a path of its section, not of the home page.
    assert client.get("/world/", HTTP_HOST="other.example").status_code == 404
    assert client.get("/world/").status_code == 200
