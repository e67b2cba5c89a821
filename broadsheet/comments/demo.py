"""The demo discussion: community standards, readers, approved comments with a thread, one held comment."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from broadsheet.accounts.models import Profile

from .models import Comment, CommunityStandards, Rule, StandardsRule
from .standing import RECENT_HISTORY_DAYS, RECENT_HISTORY_MIN_COMMENTS, RECENT_HISTORY_REJECTED_SHARE

STANDARDS = {
    "intro": (
        "The discussion is for readers to add what they know and argue about what they read. "
        "Moderators apply these rules; each comment that is held or refused names the rule that applied."
    ),
    "rules": [
        (Rule.TOXICITY, "Be civil", "Argue with ideas, not with people. Insults, slurs and threats are removed."),
        (
            Rule.PERSONAL_ATTACKS,
            "Personal attacks",
            "Criticise what someone says, never who they are: comments that attack another reader, "
            "a journalist or a person in the story are rejected.",
        ),
        (Rule.OFF_TOPIC, "Stay on topic", "Comments are about the article they are under."),
        (Rule.SPAM, "No advertising", "Selling, promoting and chain messages are rejected."),
        (Rule.ILLEGAL, "Nothing illegal", "Defamation, incitement and other unlawful content are removed."),
        (
            Rule.NEW_COMMENTER,
            "New commenters are reviewed first",
            "A moderator reads your first comment before it appears.",
        ),
        (
            Rule.PRE_MODERATION,
            "Some discussions are reviewed first",
            "On sensitive stories every comment waits for a moderator.",
        ),
        (Rule.BANNED_WORDS, "Words we do not publish", "Slurs and a short list of other words are refused outright."),
        (
            Rule.SUSPECT_WORDS,
            "Words that need a second look",
            "Comments that look like advertising wait for a moderator.",
        ),
        (Rule.LINKS, "Many links", "A comment with several links waits for a moderator: one link is plenty."),
        (Rule.DUPLICATE, "No repeated comments", "Say it once; the same text twice is refused."),
        (Rule.RATE, "Give others room", "Two comments a minute at most, from one reader or one network."),
        (
            Rule.LENGTH,
            "Keep it readable",
            "Comments are at most a few thousand characters; longer ones are refused, never cut.",
        ),
        (
            Rule.RECENT_HISTORY,
            "Often rejected: reviewed first",
            f"If you wrote at least {RECENT_HISTORY_MIN_COMMENTS} comments in the last {RECENT_HISTORY_DAYS} days "
            f"and {RECENT_HISTORY_REJECTED_SHARE:.0%} or more of them were rejected, a moderator reads each new "
            "comment before it appears. This ends by itself once those rejections are older than that.",
        ),
        (Rule.FLAGS, "Readers flagged it", "A comment several readers flag goes back to a moderator."),
        (Rule.BOT, "Comments are written by people", "Forms filled in by robots are refused."),
    ],
}

READERS = [("marta", "Marta K."), ("oleg", "Oleg from Kazan"), ("sam", "Sam Whitfield"), ("new", "First-time reader")]

COMMENTS = [
    (
        "marta",
        None,
        "The point about joint exercises is fair: working together without a treaty keeps both hands free.",
    ),
    ("oleg", 0, "Free hands for both, but it also means neither is bound to help when it matters."),
    ("sam", 0, "Trade figures would tell us more than statements do. Has anyone seen last year's numbers?"),
    ("sam", None, "A useful piece. I would like a follow-up on what this means for Central Asia."),
]


def add_demo_discussion(demo):
    """Give the reference-like article a discussion and publish the community standards (same every time)."""
    standards = CommunityStandards.objects.create(intro=STANDARDS["intro"])
    for order, (anchor, title, text) in enumerate(STANDARDS["rules"]):
        StandardsRule.objects.create(standards=standards, sort_order=order, anchor=anchor, title=title, text=text)
    article = demo.get("reference")
    if article is None:
        return
    users = {}
    for username, name in READERS:
        user = get_user_model().objects.create_user(f"reader-{username}", email=f"{username}@readers.example.org")
        user.set_unusable_password()
        user.save()
        Profile.objects.create(user=user, display_name=name)
        users[username] = user
    start = article.first_published_at or article.latest_revision_created_at
    made = []
    for number, (who, parent_index, body) in enumerate(COMMENTS):
        parent = made[parent_index] if parent_index is not None else None
        made.append(
            Comment.objects.create(
                article=article,
                author=users[who],
                parent=parent,
                thread=parent,
                body=body,
                status=Comment.Status.APPROVED,
                toxicity=0.02,
                is_pick=number == 0,
                created_at=start + timedelta(minutes=20 + 15 * number),
            )
        )
    Comment.objects.create(
        article=article,
        author=users["new"],
        body="First time here. Do these alliances ever get written down, or is it all handshakes?",
        status=Comment.Status.PENDING,
        rule=Rule.NEW_COMMENTER,
        toxicity=0.01,
        created_at=start + timedelta(hours=2),
    )
