from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Tag(index.Indexed, models.Model):
    """A topic, person, place or organisation that articles are filed under; each has a page."""

    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        PERSON = "person", "Person"
        PLACE = "place", "Place"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(max_length=100, unique=True, help_text="As readers see it, e.g. 'Xi Jinping'.")
    slug = models.SlugField(max_length=100, unique=True, help_text="The end of the tag page's address.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC, help_text="What the tag names.")
    description = models.TextField(
        max_length=400, blank=True, help_text="Optional introduction shown at the top of the tag page."
    )
    # A writer who may not manage tags still files a story under a new person or place at once; the
    # tag waits on the editors' desk until one of them reviews it (keeps, renames, re-kinds or merges).
    reviewed = models.BooleanField(
        default=True, help_text="Checked by an editor. Tags writers create while filing start unchecked."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("reviewed"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")]

    class Meta:
        # Alphabetical as readers and editors expect it: "de Gaulle" beside "Delhi", not after "Zurich".
        ordering = [Lower("name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsroom:tag", args=[self.slug])
