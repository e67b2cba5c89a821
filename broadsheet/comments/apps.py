from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """The discussion: readers' comments under community standards, and the moderation behind them."""

    name = "broadsheet.comments"
    label = "comments"
    verbose_name = "Discussion"
    urls = "broadsheet.comments.urls"

    def ready(self):
        from broadsheet.metrics import counters
        from broadsheet.newsroom import plugins

        from . import moderation, receivers  # noqa: F401  (receivers: connects them)
        from .demo import add_demo_discussion

        counters.register_counter(40, comments_counter)
        plugins.register_slot_item("head", "comments/includes/head.html")
        plugins.register_slot_item("article_actions", "comments/includes/action.html", order=60)
        plugins.register_slot_item("article_end", "comments/includes/discussion.html", order=50)
        plugins.register_demo(add_demo_discussion, order=60)
        plugins.register_desk_count(
            "comments-held",
            ("comment held for moderation", "comments held for moderation"),
            moderation.held_count,
            moderation.held_url,
            order=60,
        )
        plugins.register_desk_count(
            "comments-flagged",
            ("flagged comment", "flagged comments"),
            moderation.flagged_count,
            moderation.flagged_url,
            order=61,
        )


def comments_counter(article_id):
    """The action bar's comment count: approved comments only."""
    from .discussion import approved_total

    return approved_total(article_id), "comment", "comments"
