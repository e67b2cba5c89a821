from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class Rule(models.TextChoices):
    """The rules a comment can be held or refused under; each is named to its author and linked to the standards."""

    NEW_COMMENTER = "new-commenter", "New commenters are reviewed first"
    BANNED_WORDS = "banned-words", "Words we do not publish"
    SUSPECT_WORDS = "suspect-words", "Words that need a second look"
    LINKS = "links", "Many links"
    DUPLICATE = "duplicate", "No repeated comments"
    RATE = "rate", "Give others room"
    TOXICITY = "toxicity", "Be civil"
    LENGTH = "length", "Keep it readable"
    PRE_MODERATION = "pre-moderation", "Every comment here is reviewed"
    FLAGS = "flags", "Readers flagged it"
    BOT = "bot", "Comments are written by people"
    RECENT_HISTORY = "recent-history", "Often rejected: reviewed first"
    # Rules a moderator rejects under (no automatic check applies them).
    PERSONAL_ATTACKS = "personal-attacks", "Personal attacks"
    OFF_TOPIC = "off-topic", "Stay on topic"
    SPAM = "spam", "No advertising"
    ILLEGAL = "illegal", "Nothing illegal"


class CommentQuerySet(models.QuerySet):
    def public(self):
        """Return the comments anyone may see: approved ones of visible articles (the one definition)."""
        from broadsheet.newsroom.models import ArticlePage

        return self.filter(status=Comment.Status.APPROVED, article__in=ArticlePage.objects.visible())

    def for_article(self, article_id):
        """Return an article's approved comments (the only ones shown to everyone or counted)."""
        return self.filter(article_id=article_id, status=Comment.Status.APPROVED)

    def unpublished_by(self, user):
        """Return this reader's own comments that are not published: held for a moderator, or rejected.

        Only their author ever sees them (marked as such), so they know the comment arrived and
        what became of it; they never go into anything shared or cached.
        """
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(author=user, status__in=[Comment.Status.PENDING, Comment.Status.REJECTED])

    def shown_to(self, user):
        """Return the comments one reader sees: the approved ones, and their own unpublished ones."""
        return self.filter(status=Comment.Status.APPROVED) | self.unpublished_by(user)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Held for review"
        APPROVED = "approved", "Published"
        REJECTED = "rejected", "Rejected"
        REMOVED = "removed", "Removed by its author"

    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="reader_comments")
    # A deleted reader's comments stay, shown as from a deleted reader.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    # The top comment of the thread: replies are shown one level deep under it.
    thread = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    rule = models.CharField(max_length=20, choices=Rule.choices, blank=True, help_text="Why it was held or rejected.")
    reason = models.CharField(max_length=300, blank=True, help_text="The moderator's note to the author.")
    toxicity = models.FloatField(default=0, help_text="The local model's score, 0 (civil) to 1 (abusive).")
    is_pick = models.BooleanField(default=False, help_text="An editor's pick, shown first under the article.")
    network = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    flag_count = models.PositiveIntegerField(default=0)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "status", "created_at"])]
        permissions = [("moderate_comment", "Can moderate readers' comments")]

    def __str__(self):
        return f"Comment {self.pk} on article {self.article_id}"

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED

    @property
    def thread_top_id(self):
        """Return the id of the top comment of this comment's thread (its own id when it is the top)."""
        return self.thread_id or self.pk

    def is_editable_by(self, user, now=None):
        now = now or timezone.now()
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status in (self.Status.PENDING, self.Status.APPROVED)
            and now - self.created_at < timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)
        )


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        OFF_TOPIC = "off-topic", "Off-topic"
        ILLEGAL = "illegal", "Illegal content"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.get_reason_display()} flag on comment {self.comment_id}"

    class Meta:
        # One flag per reader per comment: repeated flags from one reader cannot send it back.
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_flag_per_reader")]


class Ban(models.Model):
    """A reader who may not comment, for a time or for good; the account itself stays."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_bans")
    until = models.DateTimeField(null=True, blank=True, help_text="Empty: for good.")
    reason = models.CharField(max_length=300)
    banned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True, help_text="When a moderator ended it early.")

    def __str__(self):
        return f"Ban of reader {self.user_id}"

    def is_in_force(self, now=None):
        if self.lifted_at is not None:
            return False
        return self.until is None or self.until > (now or timezone.now())


class ModerationAction(models.Model):
    """Who did what to which comment or reader, and when: the moderation log."""

    comment = models.ForeignKey(Comment, null=True, on_delete=models.SET_NULL, related_name="actions")
    # The reader acted on: a ban's or an unban's, or the author of the comment (their history).
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_history"
    )
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.action} by {self.moderator_id} at {self.created_at:%Y-%m-%d %H:%M}"


class DiscussionSetting(models.Model):
    """A section's or article's own moderation mode, or its discussion closed by an editor."""

    class Mode(models.TextChoices):
        SITE = "", "As the site"
        PRE = "pre", "Pre-moderation: every comment is reviewed before it shows"
        POST = "post", "Post-moderation: comments show unless a rule holds them"

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="discussion_setting")
    moderation = models.CharField(
        max_length=4, choices=Mode.choices, blank=True, help_text="Overrides the site's mode."
    )
    is_closed = models.BooleanField(default=False, help_text="Close the discussion here: no new comments.")

    panels = [FieldPanel("page"), FieldPanel("moderation"), FieldPanel("is_closed")]

    def __str__(self):
        return f"Discussion on {self.page}"


class CommunityStandards(ClusterableModel):
    """The published rules of the discussion, edited in the back office (one set per site)."""

    intro = models.TextField(help_text="A few sentences above the rules.")

    panels = [FieldPanel("intro"), InlinePanel("rules", label="Rule")]

    class Meta:
        verbose_name_plural = "community standards"

    def __str__(self):
        return "Community standards"


class StandardsRule(Orderable):
    standards = ParentalKey(CommunityStandards, on_delete=models.CASCADE, related_name="rules")
    anchor = models.CharField(
        max_length=20, choices=Rule.choices, help_text="Which moderation rule this explains (its link target)."
    )
    title = models.CharField(max_length=120)
    text = models.TextField()

    panels = [FieldPanel("anchor"), FieldPanel("title"), FieldPanel("text")]
