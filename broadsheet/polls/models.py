"""Reader polls: a question, its options, and one ballot per reader."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from .forms import PollForm
from .results import tally


def default_network_limit():
    return settings.POLL_NETWORK_LIMIT


class VotingWindow:
    """When voting is open: read from `opens_at` and `closes_at`, by the poll and its in-memory snapshot."""

    def has_opened(self, now=None):
        return self.opens_at <= (now or timezone.now())

    def has_closed(self, now=None):
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    def is_open(self, now=None):
        return self.has_opened(now) and not self.has_closed(now)


class PollQuerySet(models.QuerySet):
    def public(self):
        """Return the polls readers may see and vote in: published on their own, or in a visible article.

        A poll placed in an article shares the article's fate: hidden while the article is a
        draft, in review or scheduled, shown from the moment it is visible (the one definition,
        `ArticlePage.objects.visible()`), hidden again once it is unpublished or expires.
        """
        from broadsheet.newsroom.models import ArticlePage

        carried = Placement.objects.filter(article__in=ArticlePage.objects.visible()).values("poll")
        return self.filter(Q(status=Poll.Status.PUBLISHED) | Q(pk__in=carried))


class Poll(VotingWindow, index.Indexed, ClusterableModel):
    """A question readers answer by choosing one option; placed in articles with a poll block."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Shown only in published articles that carry it"
        PUBLISHED = "published", "Published on its own (its page and embed are public now)"

    class Voters(models.TextChoices):
        ANYONE = "anyone", "Any reader"
        SIGNED_IN = "signed_in", "Signed-in readers only"

    class ResultsShown(models.TextChoices):
        ALWAYS = "always", "Always"
        AFTER_VOTING = "after_voting", "After the reader votes"
        AFTER_CLOSING = "after_closing", "After the poll closes"

    question = models.CharField(max_length=200, help_text="One question, as readers will see it.")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="A poll goes public with the first published article that carries it. An editor may "
        "publish it on its own, e.g. to share it before any article.",
    )
    opens_at = models.DateTimeField(default=timezone.now, help_text="Voting starts at this time.")
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Voting stops at this time. Leave empty to keep the poll open."
    )
    who_may_vote = models.CharField(
        max_length=20, choices=Voters.choices, default=Voters.ANYONE, help_text="Who can cast a ballot."
    )
    results_shown = models.CharField(
        max_length=20,
        choices=ResultsShown.choices,
        default=ResultsShown.AFTER_VOTING,
        help_text="When readers see the percentages and counts.",
    )
    network_limit = models.PositiveIntegerField(
        default=default_network_limit,
        help_text="Repeat-vote protection: ballots one network (one address, or one IPv6 /64) may cast "
        "per hour, on top of one ballot per reader. 0 turns the network limit off.",
    )
    duplicates_refused = models.PositiveIntegerField(default=0, editable=False)
    rate_limited_refused = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PollQuerySet.as_manager()

    panels = [
        FieldPanel("question"),
        InlinePanel("options", label="Option", min_num=2, max_num=10, help_text="Two to ten answers, in order."),
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading="When voting is open"),
        FieldPanel("who_may_vote"),
        FieldPanel("results_shown"),
        FieldPanel("network_limit"),
        # Reporters never see this field, so a crafted POST cannot publish a poll either.
        FieldPanel("status", permission="polls.publish_poll"),
    ]
    search_fields = [index.SearchField("question"), index.AutocompleteField("question")]
    base_form_class = PollForm

    class Meta:
        ordering = ["-created_at"]
        permissions = [("publish_poll", "Publish polls on their own and correct the wording of voted polls")]

    def __str__(self):
        return self.question

    @property
    def is_for_signed_in_readers(self):
        return self.who_may_vote == self.Voters.SIGNED_IN

    def shows_results_to_everyone(self, now=None):
        """Return whether anyone, voter or not, may see the results now (so they may be shared and cached)."""
        return self.results_shown == self.ResultsShown.ALWAYS or self.has_closed(now)

    def shows_results_to(self, has_voted, now=None):
        """Return whether a reader who has (or has not) voted may see the results now."""
        if self.shows_results_to_everyone(now):
            return True
        return has_voted and self.results_shown == self.ResultsShown.AFTER_VOTING

    @property
    def when_results_show(self):
        """Return, for a reader who has voted but sees no results yet, when they will."""
        if self.results_shown == self.ResultsShown.AFTER_CLOSING:
            return "when the poll closes"
        return "after you vote"

    @property
    def refused_total(self):
        """Return the repeat attempts refused: second ballots and ballots over the network limit."""
        return self.duplicates_refused + self.rate_limited_refused

    # Frame sizes for readers without JavaScript, whose frame cannot grow: (frame width, characters
    # of option text per line, pixels for the frame's fixed parts), for phones and for wider screens.
    FRAME_LAYOUTS = {"narrow": (316, 20, 200), "wide": (630, 50, 170)}

    def frame_height(self, layout="wide"):
        """Return the pixel height a frame needs to show this poll, form or results, without a scrollbar.

        Estimated from the length of each option (a long one wraps onto more lines); the form and
        the results take about the same room, so the frame shows little blank after a vote.
        """
        _, per_line, fixed = self.FRAME_LAYOUTS[layout]
        rows = sum(36 + 23 * -(-len(option.text) // per_line) for option in self.options.all())
        return fixed + rows

    def frame_heights(self):
        return {layout: self.frame_height(layout) for layout in self.FRAME_LAYOUTS}

    def embed_height(self):
        """Return the height for another site's frame, which also shows the question and our name."""
        return self.frame_height("wide") + 90

    def results(self):
        """Return the tally of this poll's options (uses prefetched options when present)."""
        return tally(list(self.options.all()))


class Option(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=200, help_text="An answer readers can choose.")
    # Kept in the ballot's own transaction; `manage.py audit_polls` proves it equals the ballots.
    votes = models.PositiveIntegerField(default=0, editable=False)

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class Placement(models.Model):
    """A poll shown in an article's published body: kept by `receivers` when articles are published.

    Wagtail's reference index also sees drafts and is filled by a background task, so it cannot
    say, at the moment an article goes live, which polls readers may now see.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="placements")
    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "article"], name="one_placement_per_article")]

    def __str__(self):
        return f"Poll {self.poll_id} in article {self.article_id}"


class Correction(models.Model):
    """An editor's change to the wording of a poll readers have voted in, shown under the poll."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="corrections")
    corrected_at = models.DateTimeField(default=timezone.now)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(max_length=500, help_text="Shown to readers under the poll.")
    before = models.JSONField(help_text="The question and option texts before the correction.")
    after = models.JSONField(help_text="The question and option texts after the correction.")

    class Meta:
        ordering = ["corrected_at", "pk"]

    def __str__(self):
        return f"Correction to poll {self.poll_id} at {self.corrected_at:%Y-%m-%d %H:%M}"


class Ballot(models.Model):
    """One reader's vote. The database refuses a second ballot from the same voter for a poll."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="ballots")
    # "r:<reader token id>" or "u:<account id>"; never an address.
    voter = models.CharField(max_length=64)
    network = models.CharField(max_length=32, help_text="Salted hash of the voter's network.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "voter"], name="one_ballot_per_voter")]

    def __str__(self):
        return f"Ballot {self.pk} in poll {self.poll_id}"


class NetworkTally(models.Model):
    """Ballots one network cast in a poll within one clock hour: the per-network limit's counter."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    network = models.CharField(max_length=32)
    hour = models.DateTimeField()
    ballots = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "network", "hour"], name="one_tally_per_hour")]

    def __str__(self):
        return f"{self.ballots} ballots from one network in poll {self.poll_id} at {self.hour:%Y-%m-%d %H}:00"
