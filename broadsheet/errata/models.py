from django.conf import settings
from django.db import models


class ErrorReport(models.Model):
    """A reader's report that an article got something wrong, until an Editor answers it."""

    class Outcome(models.TextChoices):
        CORRECTED = "corrected", "Corrected"
        NO_CHANGE = "no_change", "No change needed"

    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="error_reports")
    text = models.TextField(max_length=2000, help_text="What is wrong, in the reader's words.")
    email = models.EmailField(blank=True, help_text="Where the reader may be answered, if they gave it.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # Answered means both: what was decided and when.
            models.CheckConstraint(
                condition=(models.Q(outcome="") & models.Q(handled_at__isnull=True))
                | (~models.Q(outcome="") & models.Q(handled_at__isnull=False)),
                name="errata_answered_with_outcome_and_time",
            )
        ]

    def __str__(self):
        return f"error report on article {self.article_id}"
