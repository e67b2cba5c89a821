"""The demo live blog: a day of the Moscow summit told in timed entries (a demo builder).

The reference article's story is the Chinese president's visit to Moscow and the deals signed
there; the live blog follows the day of the talks, written for Broadsheet. Entries are written as
rows with their own times (the services would date them now), numbered in the page's sequence as
the services number them, then announced once, as one change.
"""

from django.apps import apps

from broadsheet.newsroom.demo.build import demo_image
from broadsheet.newsroom.factories import aware, paragraphs_body
from broadsheet.newsroom.models import Author, SectionPage, Tag

from . import services
from .factories import create_live_page
from .models import LiveEntry, LivePage, LiveSequence

DAY = "2020-01-23"
SLUG = "live-xi-jinping-in-moscow-day-two-of-the-summit"
SECTION = "russia"
TAGS = ["xi-jinping", "vladimir-putin", "china", "russia", "diplomacy", "economic-cooperation", "bilateral-relations"]
AUTHORS = ["elena-sokolova", "li-wei", "tomas-herrera"]

PAGE = {
    "title": "Live: Xi Jinping in Moscow, day two of the summit",
    "standfirst": "The Chinese and Russian leaders hold talks in the Kremlin and sign agreements on energy, "
    "infrastructure and defence. Follow the day as it happens.",
    "summary": [
        "Xi Jinping is in the second day of a three-day state visit to Russia, his first abroad this year.",
        "The two presidents met in the Kremlin in the morning, first alone and then with their delegations.",
        "They signed more than a dozen agreements, on gas supplies, a new rail bridge and military cooperation.",
        "Neither side spoke of a formal alliance; both said their partnership was aimed at no other country.",
    ],
    "starts": "07:30",
    "place": "Moscow",
}

# (local time, author slug, title, paragraphs): oldest first, as they were published.
ENTRIES = [
    (
        "07:40",
        "elena-sokolova",
        "Good morning from Moscow",
        [
            "Welcome to our coverage of the second day of the summit. Snow overnight, and the centre of the city "
            "is closed to traffic around the Kremlin.",
            "Talks are due to start at 10:00 local time. We expect a signing ceremony in the afternoon and a joint "
            "press appearance after it.",
        ],
    ),
    (
        "08:15",
        "li-wei",
        "",
        [
            "Chinese state television led its morning bulletin with the visit, calling relations with Russia "
            "\u201cat their best in history\u201d. The commentary stressed trade and energy rather than defence.",
        ],
    ),
    (
        "08:52",
        "tomas-herrera",
        "What is on the table",
        [
            "Officials on both sides have briefed that the main documents cover natural gas deliveries through "
            "a second pipeline, a road and rail bridge over the Amur river, and closer work between the two "
            "armed forces.",
            "A joint statement on the international situation is also being drafted, one diplomat told us.",
        ],
    ),
    (
        "09:30",
        "elena-sokolova",
        "",
        [
            "The motorcade has left the residence where the Chinese delegation is staying. Police have closed two "
            "bridges over the Moskva.",
        ],
    ),
    (
        "09:58",
        "elena-sokolova",
        "Xi arrives at the Kremlin",
        [
            "Xi Jinping has arrived at the Grand Kremlin Palace, where Vladimir Putin met him at the top of the "
            "stairs. The two men shook hands for the cameras and went straight in.",
            "It is their fortieth meeting, by the Kremlin's count.",
        ],
    ),
    (
        "10:20",
        "li-wei",
        "",
        [
            "The talks began in a small format: the two presidents, interpreters and a handful of advisers. "
            "The full delegations join them later in the morning.",
        ],
    ),
    (
        "10:45",
        "tomas-herrera",
        "Washington watches",
        [
            "Asked about the summit at a briefing, a US State Department spokesperson said the United States "
            "\u201cwould judge both countries by their actions\u201d. No further comment was offered.",
        ],
    ),
    (
        "11:30",
        "li-wei",
        "",
        [
            "A Chinese foreign ministry official told reporters travelling with the delegation that the talks were "
            "\u201cfrank and friendly\u201d, a phrase Beijing uses for meetings that go to plan.",
        ],
    ),
    (
        "12:10",
        "elena-sokolova",
        "Delegations join the talks",
        [
            "The wider talks are under way in St Catherine's Hall. Ministers of energy, foreign affairs and "
            "defence sit on both sides of the table.",
        ],
    ),
    (
        "12:55",
        "tomas-herrera",
        "",
        [
            "Markets are calm. The rouble is slightly firmer against the dollar this morning, and shares of the "
            "state gas company rose just over 1% on hopes of a pricing deal.",
        ],
    ),
    (
        "13:40",
        "li-wei",
        "Lunch break",
        [
            "The leaders have broken for a working lunch. The menu, released by the Kremlin, mixes Russian and "
            "Chinese dishes, a gesture both protocol teams clearly discussed at length.",
        ],
    ),
    (
        "14:25",
        "elena-sokolova",
        "",
        [
            "Journalists are being led into the hall where the documents will be signed. Fourteen leather folders "
            "are laid out on a long table.",
        ],
    ),
    (
        "15:05",
        "elena-sokolova",
        "Agreements signed on gas, a bridge and defence",
        [
            "The two presidents have watched their ministers sign fourteen documents. The most important commits "
            "Russia to a long-term contract for gas deliveries to northern China through a second pipeline.",
            "Others cover the Amur rail and road bridge, customs at the border and training exchanges between "
            "the two armies.",
        ],
    ),
    (
        "15:20",
        "li-wei",
        "",
        [
            "Price terms for the gas contract were not disclosed. Analysts in Beijing said this suggests the "
            "hardest part of the negotiation is not finished.",
        ],
    ),
    (
        "15:48",
        "tomas-herrera",
        "Our readers' view",
        [
            "Which of today's agreements will matter most? Tell us in our poll.",
        ],
    ),
    (
        "16:10",
        "elena-sokolova",
        "The press statements",
        [
            "In their statements the two leaders praised what they called a partnership without limits on "
            "trade and energy, and said it was directed against no third country.",
        ],
    ),
    (
        "16:12",
        "elena-sokolova",
        "",
        [
            "Putin said trade between the two countries had reached a record and could double within five years.",
        ],
    ),
    (
        "16:30",
        "li-wei",
        "No alliance, both sides say",
        [
            "Asked by a Russian reporter whether the two countries would form a military alliance, Xi said China "
            "did not join blocs. Putin nodded and added that close cooperation needed no treaty to work.",
        ],
    ),
    (
        "17:15",
        "tomas-herrera",
        "",
        [
            "European diplomats in Moscow say they are studying the joint statement closely, in particular its "
            "language on sanctions and on the security of Central Asia.",
        ],
    ),
    (
        "18:05",
        "li-wei",
        "What analysts make of it",
        [
            "A defence analyst in Hong Kong told us the training agreements were \u201cthe most concrete military "
            "step in years\u201d, but far from a mutual defence pact.",
            "An economist at a Moscow university said Russia needed the gas deal more than China did, and that "
            "the price would show who had the stronger hand.",
        ],
    ),
    (
        "19:20",
        "elena-sokolova",
        "State dinner",
        [
            "The presidents are at a state dinner in the Kremlin. Guests include the heads of Russia's largest "
            "energy companies and several Chinese provincial governors.",
        ],
    ),
    (
        "20:10",
        "tomas-herrera",
        "Tomorrow",
        [
            "On the last day of the visit Xi is due to meet the Russian prime minister and lay a wreath at the "
            "Tomb of the Unknown Soldier before flying home in the afternoon.",
        ],
    ),
    (
        "20:35",
        "elena-sokolova",
        "Day two in brief",
        [
            "Fourteen agreements signed, a long-term gas contract without a published price, warm words and no "
            "alliance. We will be back in the morning for the final day.",
        ],
    ),
]
KEY_EVENTS = {"09:58", "15:05"}
PINNED = "20:35"
# The entry readers first saw with the wrong number of documents, corrected an hour later.
CORRECTED = ("14:25", "15:30", "An earlier version of this entry said twelve folders. There were fourteen.")
WITH_POLL = "15:48"
POLL = {
    "question": "Which of today's agreements will matter most in five years?",
    "options": ["The gas contract", "The Amur bridge and trade at the border", "Military cooperation"],
}


def demo_poll(opens_at):
    """Return the poll for the poll entry, or None when the polls app is not installed."""
    if not apps.is_installed("broadsheet.polls"):
        return None
    # Imported here: a newsroom without polls still gets its live blog, without the poll.
    from broadsheet.polls.factories import PollFactory
    from broadsheet.polls.models import Poll

    return PollFactory(
        question=POLL["question"],
        options=POLL["options"],
        opens_at=opens_at,
        results_shown=Poll.ResultsShown.AFTER_VOTING,
        status=Poll.Status.DRAFT,  # public through the live blog that carries it
    )


def build_demo_live_blog(zone):
    """Create the summit's live blog with its entries; return the page."""
    at = lambda clock: aware(f"{DAY} {clock}", zone)  # noqa: E731
    authors = Author.objects.in_bulk(AUTHORS, field_name="slug")
    tags = Tag.objects.filter(slug__in=TAGS)
    page = create_live_page(
        SectionPage.objects.get(slug=SECTION),
        PAGE["title"],
        slug=SLUG,
        standfirst=PAGE["standfirst"],
        body=paragraphs_body(PAGE["summary"]),
        authors=[authors[slug] for slug in AUTHORS],
        tags=sorted(tags, key=lambda tag: TAGS.index(tag.slug)),
        published_at=at(PAGE["starts"]),
        dateline_place=PAGE["place"],
        coverage_status=LivePage.Status.LIVE,
        coverage_start=at(PAGE["starts"]),
        # Pictured like every demo story, so its teaser sits in listings as theirs do.
        lead_image=demo_image("live-summit", f"Illustration: {PAGE['title']}"),
        lead_image_caption=f"An illustration for “{PAGE['title']}”.",
        lead_image_credit="Illustration: Broadsheet",
    )
    entries = []
    for clock, author, title, paragraphs in ENTRIES:
        body = paragraphs_body(paragraphs)
        if clock == WITH_POLL:
            poll = demo_poll(at(clock))
            if poll is not None:
                body.append(("poll", poll))
        if clock == CORRECTED[0]:
            # As first published: the correction below puts the right number in.
            body = paragraphs_body([paragraphs[0].replace("Fourteen", "Twelve")])
        entries.append(
            LiveEntry(
                page=page,
                status=LiveEntry.Status.PUBLISHED,
                title=title,
                body=body,
                author=authors[author],
                key_event=clock in KEY_EVENTS,
                pinned=clock == PINNED,
                published_at=at(clock),
                created_at=at(clock),
                version=len(entries) + 1,
            )
        )
    LiveEntry.objects.bulk_create(entries)
    corrected = next(entry for entry in entries if entry.published_at == at(CORRECTED[0]))
    corrected.body = paragraphs_body(next(p for clock, _, _, p in ENTRIES if clock == CORRECTED[0]))
    corrected.corrected_at, corrected.correction_note = at(CORRECTED[1]), CORRECTED[2]
    corrected.version = len(entries) + 1
    corrected.save()
    LiveSequence.objects.update_or_create(page=page, defaults={"version": corrected.version})
    # One announcement for the whole day: the page renders again and its poll becomes votable.
    services.entries_changed(page)
    return page


def add_demo_live_blog(demo):
    """Add the summit's live blog to the demo newsroom (a demo builder)."""
    demo["live_blog"] = build_demo_live_blog(demo["zone"])
