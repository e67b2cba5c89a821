from django.conf import settings
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from broadsheet.pagecache.dependencies import CachedPageMixin

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class LegalPage(CachedPageMixin, Page):
    """A standing page of the newsroom (About, Privacy, Terms…): headings and paragraphs, dated."""

    class Kind(models.TextChoices):
        ABOUT = "about", "About the newsroom"
        PRIVACY = "privacy", "Privacy notice"
        TERMS = "terms", "Terms of use"
        OTHER = "other", "Another standing page"

    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text=(
            "What this page is. Readers accept the live Terms of use when they sign up, and the date "
            "you publish it is recorded with their account: publish the Terms only when they change."
        ),
    )
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", template="legal/blocks/heading.html")),
            ("paragraph", blocks.RichTextBlock(features=PARAGRAPH_FEATURES)),
        ],
        help_text="Short sections, each under a heading in sentence case.",
    )

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("body")]
    parent_page_types = ["newsroom.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "standing page"


class ContactPage(Page):
    """The contact form: readers write to the newsroom, which answers from the back office.

    Not cached: the form carries the reader's CSRF token.
    """

    intro = RichTextField(
        features=PARAGRAPH_FEATURES,
        blank=True,
        help_text="Shown above the form: who reads the messages and when readers can expect an answer.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["newsroom.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "contact page"

    def serve(self, request, *args, **kwargs):
        """The form, or after a message was sent (the form's view redirects here) the thanks."""
        from .forms import ContactForm  # the forms name the messages' subjects, defined below
        from .views import contact_page_response

        return contact_page_response(request, self, ContactForm(), sent=request.GET.get("sent") == "1")


class ContactMessage(models.Model):
    """A message a reader sent through the contact form, until someone in the newsroom handles it."""

    class Subject(models.TextChoices):
        CORRECTION = "correction", "A correction"
        TIP = "tip", "A news tip"
        ADVERTISING = "advertising", "Advertising"
        OTHER = "other", "Something else"

    name = models.CharField(max_length=100, help_text="The name the reader gave.")
    email = models.EmailField(help_text="Where the reader asked to be answered.")
    subject = models.CharField(max_length=20, choices=Subject.choices)
    message = models.TextField(max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "message"

    def __str__(self):
        return f"{self.get_subject_display()} from {self.name}"

    @property
    def is_handled(self):
        return self.handled_at is not None
