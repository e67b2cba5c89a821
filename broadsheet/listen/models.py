"""Article audio, the newsroom's bulletins, and the listening settings editors keep per site."""

from urllib.parse import urlsplit

from django import forms
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class AudioStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
    # Nothing to do: no engine installed, or audio switched off for the section.
    UNAVAILABLE = "unavailable", "Unavailable"


class ArticleAudio(models.Model):
    """The spoken version of one article: the latest job's status and the last good file.

    The file of the last successful render stays served while a newer text renders (or fails), so
    readers never lose audio to an edit; its name carries the hash of the text it speaks.
    """

    article = models.OneToOneField(
        "newsroom.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="audio"
    )
    status = models.CharField(max_length=12, choices=AudioStatus.choices, default=AudioStatus.QUEUED)
    text_hash = models.CharField(max_length=32, help_text="Hash of the spoken text the latest job renders.")
    error = models.TextField(blank=True, help_text="Why the latest job failed or could not run.")
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    # The file readers get: set only by a successful render.
    file = models.FileField(upload_to="listen/articles/", max_length=200, blank=True)
    audio_hash = models.CharField(max_length=32, blank=True, help_text="Hash of the spoken text of the file.")
    size = models.PositiveIntegerField(default=0, help_text="Bytes in the file.")
    duration_seconds = models.FloatField(default=0)
    words = models.PositiveIntegerField(default=0)
    engine = models.CharField(max_length=40, blank=True)
    voice = models.CharField(max_length=120, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "article audio"
        verbose_name_plural = "article audio"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(file="") | ~models.Q(audio_hash=""), name="listen_audio_file_has_hash"
            )
        ]

    def __str__(self):
        return f"Audio of {self.article}"

    @property
    def has_file(self):
        return bool(self.file)

    @property
    def clock(self):
        """The length as a player shows it: "1:53" (minutes and seconds)."""
        whole = round(self.duration_seconds)
        return f"{whole // 60}:{whole % 60:02d}"

    @property
    def minutes(self):
        """Whole minutes for "Listen · 4 min" (at least one)."""
        return max(1, round(self.duration_seconds / 60))


class Bulletin(models.Model):
    """A spoken bulletin of the top stories with a time check, built hourly and when they change."""

    made_at = models.DateTimeField(db_index=True)
    headlines_hash = models.CharField(max_length=32, help_text="Hash of the stories read (not the time check).")
    script = models.TextField()
    file = models.FileField(upload_to="listen/bulletins/", max_length=200)
    size = models.PositiveIntegerField()
    duration_seconds = models.FloatField()
    engine = models.CharField(max_length=40)
    voice = models.CharField(max_length=120)

    class Meta:
        ordering = ["-made_at"]
        get_latest_by = "made_at"

    def __str__(self):
        return f"Bulletin of {self.made_at:%Y-%m-%d %H:%M}"


@register_setting(icon="media")
class ListenSettings(BaseSiteSetting):
    is_audio_enabled = models.BooleanField(
        "Make article audio",
        default=True,
        help_text="Turn article audio on or off for the whole site. Audio already made stays until turned on again.",
    )
    sections_without_audio = models.ManyToManyField(
        "newsroom.SectionPage",
        blank=True,
        related_name="+",
        help_text="Articles in these sections get no audio (e.g. Opinion, read better in print).",
    )
    live_stream_url = models.URLField(
        blank=True,
        help_text="Your station's live stream (Icecast/MP3 or HLS .m3u8). Leave empty to play the newsroom's "
        "latest bulletin under Listen Live.",
    )
    live_stream_title = models.CharField(
        max_length=120, blank=True, help_text="What is on air, shown in the Listen Live player, e.g. 'Morning Edition'."
    )
    podcast_author = models.CharField(
        max_length=120, blank=True, help_text="Named as the author in podcast apps. Defaults to the site's name."
    )
    podcast_is_explicit = models.BooleanField(default=False, help_text="Mark the podcasts as explicit in podcast apps.")

    panels = [
        FieldPanel("is_audio_enabled"),
        FieldPanel("sections_without_audio", widget=forms.CheckboxSelectMultiple),
        FieldPanel("live_stream_url"),
        FieldPanel("live_stream_title"),
        FieldPanel("podcast_author"),
        FieldPanel("podcast_is_explicit"),
    ]

    @property
    def is_live_stream_hls(self):
        """Whether the station streams HLS (a .m3u8 playlist) rather than one continuous MP3 or AAC stream."""
        return urlsplit(self.live_stream_url).path.lower().endswith(".m3u8")

    @property
    def live_stream_origin(self):
        """The station's scheme, host and port: its playlist, segments and redirects all come from there."""
        parts = urlsplit(self.live_stream_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""

    class Meta:
        verbose_name = "Listening"
