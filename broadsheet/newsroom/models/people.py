from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Author(index.Indexed, models.Model):
    """A journalist or contributor who can be credited in an article's byline."""

    name = models.CharField(max_length=120, help_text="As printed in the byline.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The end of the author page's address.")
    role = models.CharField(
        max_length=120, blank=True, help_text="Job title shown under the name, e.g. 'Beijing correspondent'."
    )
    bio = models.TextField(max_length=600, blank=True, help_text="Two or three sentences for the author page.")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A square head-and-shoulders portrait works best.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = [Lower("name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsroom:author", args=[self.slug])
