from broadsheet.live import services
from broadsheet.live.models import LiveEntry
from broadsheet.newsroom.factories import paragraphs_body


def test_an_editors_entry_is_on_the_page_and_in_the_updates(client, live_page, editor_user, committed):
    with committed():
        entry = services.add_entry(
            live_page,
            editor_user,
            body=paragraphs_body(["The leaders shook hands."]),
            key_event=True,
            title="Handshake",
        )
    assert entry.status == LiveEntry.Status.PUBLISHED and entry.version == 1
    page = client.get(live_page.url)
    assert page.status_code == 200, page.content[:2000]
    html = page.content.decode()
    assert "The leaders shook hands." in html and 'data-version="1"' in html
    updates = client.get(live_page.url + "updates/")
    assert updates.status_code == 200 and "The leaders shook hands." in updates.content.decode()
    again = client.get(live_page.url + "updates/")
    assert again["X-Page-Cache"] == "hit"
