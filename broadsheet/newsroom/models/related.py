from django.db import models


class AutomaticRelated(models.Model):
    """An article chosen automatically as related to another, with the score it was chosen by.

    Written by `related.refresh_related` when the source is published or edited, so a page view
    reads a short list instead of scoring candidates.
    """

    source = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="automatic_related")
    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "-score", "article"]
        constraints = [models.UniqueConstraint(fields=["source", "article"], name="one_score_per_related_pair")]

    def __str__(self):
        return f"{self.article_id} related to {self.source_id} ({self.score:.3f})"
