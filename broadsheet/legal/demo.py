"""The demo newsroom's standing pages: About, Contact, Privacy and Terms, under the front page."""

from broadsheet.newsroom.factories import home_page

from .models import ContactPage, LegalPage

ABOUT = [
    ("heading", "Who we are"),
    (
        "paragraph",
        "Broadsheet is an independent news agency. Our reporters and editors cover world affairs, "
        "the economy, science and culture, and our stories are read here and by the papers and "
        "broadcasters who subscribe to our service.",
    ),
    ("heading", "How we work"),
    (
        "paragraph",
        "Every story is checked by an editor before it is published. We name our sources wherever we "
        "can, and say why when we cannot. Each article carries its byline, the place it was reported "
        "from and the time it was published.",
    ),
    ("heading", "When we get it wrong"),
    (
        "paragraph",
        "We correct mistakes openly. A correction is dated under the article it concerns, and says what "
        "was wrong. To tell us about an error, use the “Report an error” link under any article or "
        'write to us through the <a href="/contact/">contact page</a>.',
    ),
    ("heading", "Independence"),
    (
        "paragraph",
        "Advertisers and subscribers have no say in what we report. Staff declare any interest that "
        "touches a story they work on, and step aside from it when needed.",
    ),
]

CONTACT_INTRO = (
    "<p>Write to the newsroom about a correction, a news tip, advertising or anything else. An editor "
    "reads every message and we answer by e-mail, usually within two working days. For a correction, "
    "the quickest way is the “Report an error” link under the article.</p>"
)

PRIVACY = [
    ("heading", "In short"),
    (
        "paragraph",
        "You can read everything here without an account and without being tracked. We keep only what we "
        "need to run the site, answer you and keep the discussion civil. We do not sell data, show "
        "targeted advertising or use outside analytics.",
    ),
    ("heading", "If you have an account"),
    (
        "paragraph",
        "We keep your e-mail address, the display name you choose, your password (stored only as a "
        "secure hash), your reply-notice settings, the date you accepted our terms, and the comments you "
        "post with what our moderators decided about them. If you sign in with an outside provider, we "
        "keep the identifier and e-mail address it gives us.",
    ),
    ("heading", "Comments"),
    (
        "paragraph",
        "Your comments are public under your display name. If you delete your account, your comments stay "
        "but are shown as from a deleted reader, without your name.",
    ),
    ("heading", "Polls and view counts"),
    (
        "paragraph",
        "A vote in a poll is stored with a random identifier kept in a cookie (so that you vote once) or, "
        "for polls open only to readers who are signed in, with your account; and with a salted hash of "
        "your network address, never the address itself, to limit repeat voting. "
        "We count how many times each article is read without cookies and without storing your address: "
        "a reader is recognised for half an hour by a hash that changes every day, and then forgotten.",
    ),
    ("heading", "Cookies"),
    (
        "paragraph",
        "<ul><li>A session cookie, only while you are signed in.</li>"
        "<li>A security cookie (CSRF) that protects the forms you send.</li>"
        "<li>A voter cookie, only after you vote in a poll, so that you vote once; it holds a random "
        "identifier and lasts two years.</li></ul>"
        "<p>We use no advertising or tracking cookies, so we do not ask you to accept any.</p>",
    ),
    ("heading", "Messages and reports"),
    (
        "paragraph",
        "When you write to us or report an error, we keep what you sent and the e-mail address you gave, "
        "and use them only to answer you and to correct our reporting.",
    ),
    ("heading", "Server logs"),
    (
        "paragraph",
        "Our servers log requests to find and fix faults and to fend off attacks. When something breaks, "
        "the error report we keep leaves out addresses, cookies and what you typed into forms. We keep "
        "logs for no more than 30 days.",
    ),
    ("heading", "How long we keep your data"),
    (
        "paragraph",
        "Your account and comments are kept until you delete your account. Messages to the newsroom are "
        "kept while we need them to answer you or to keep a record of a correction.",
    ),
    ("heading", "Your rights"),
    (
        "paragraph",
        'On your <a href="/accounts/profile/">profile page</a> you can download a copy of your data and '
        "delete your account for good. For anything else, including a question about this notice, write "
        'to us through the <a href="/contact/">contact page</a>.',
    ),
]

TERMS = [
    ("heading", "These terms"),
    (
        "paragraph",
        "These terms apply when you create an account, comment or vote on Broadsheet. Reading the site "
        "needs no account. By creating an account you accept the terms as they stand on the day you sign "
        "up; we record which version that was.",
    ),
    ("heading", "Your account"),
    (
        "paragraph",
        "You need a working e-mail address and must be at least 16 years old. Keep your password to "
        "yourself: you are responsible for what is posted from your account. One person, one account.",
    ),
    ("heading", "Comments"),
    (
        "paragraph",
        'Comments follow our <a href="/community-standards/">community standards</a>. Moderators may hold, '
        "reject or remove comments that break them, and may suspend an account that breaks them again. "
        "Each decision names the rule that applied.",
    ),
    (
        "paragraph",
        "You keep the rights to what you write, and you allow us to publish it on this site, next to the "
        "article it is about, for as long as the article is online or until you delete it.",
    ),
    ("heading", "Polls"),
    (
        "paragraph",
        "One vote per reader. Scripts and repeated votes are refused, and votes that break this rule may be removed.",
    ),
    ("heading", "Our articles"),
    (
        "paragraph",
        "Our articles are for your own reading. You may quote short passages with a link to the article; "
        "to republish more, write to us about our agency service.",
    ),
    ("heading", "Changes to these terms"),
    (
        "paragraph",
        "When we change these terms, we publish the new version here with its date. The version you "
        "accepted stays on record with your account.",
    ),
    ("heading", "Closing your account"),
    (
        "paragraph",
        "You can delete your account at any time from your profile page. We may close an account that "
        "breaks these terms or the community standards, and say why.",
    ),
]

PAGES = [
    ("About us", "about", LegalPage.Kind.ABOUT, ABOUT),
    ("Privacy notice", "privacy", LegalPage.Kind.PRIVACY, PRIVACY),
    ("Terms of use", "terms", LegalPage.Kind.TERMS, TERMS),
]


def body_of(items):
    return [(kind, text if kind == "heading" or text.startswith("<") else f"<p>{text}</p>") for kind, text in items]


def add_demo_legal_pages(demo):
    """Publish About, Contact, Privacy and Terms under the front page (a demo builder; skips pages that exist)."""
    home = home_page()
    about_title, about_slug, about_kind, about_body = PAGES[0]
    pages = [LegalPage(title=about_title, slug=about_slug, kind=about_kind, body=body_of(about_body))]
    pages.append(ContactPage(title="Contact us", slug="contact", intro=CONTACT_INTRO))
    pages += [LegalPage(title=t, slug=s, kind=k, body=body_of(b)) for t, s, k, b in PAGES[1:]]
    for page in pages:
        if home.get_children().filter(slug=page.slug).exists():
            continue
        home.add_child(instance=page)
        page.save_revision().publish()
        home.refresh_from_db()  # the tree counts changed
    demo["legal_pages"] = [page.slug for page in pages]
