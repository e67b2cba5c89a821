"""Back office: each article's audio (status, engine and voice, duration, error) and a regenerate action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from broadsheet.newsroom.models import ArticlePage

from .engines import EngineFailure, chosen_engine
from .models import ArticleAudio, AudioStatus
from .services import queue_article_audio


def audio_list(request):
    rows = ArticleAudio.objects.select_related("article").order_by("-queued_at", "-pk")
    status = request.GET.get("status")
    if status in AudioStatus.values:
        rows = rows.filter(status=status)
    try:
        engine, problem = chosen_engine(), None
    except EngineFailure as missing:
        engine, problem = None, str(missing)
    return TemplateResponse(
        request,
        "listen/admin/audio_list.html",
        {
            "page_obj": Paginator(rows, 50).get_page(request.GET.get("p")),
            "statuses": AudioStatus.choices,
            "status": status,
            "engine": engine,
            "problem": problem,
        },
    )


@require_POST
def regenerate(request, article_id):
    article = get_object_or_404(ArticlePage.objects.live(), pk=article_id)
    if not article.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    audio = queue_article_audio(article=article, force=True)
    say = messages.success if audio.status == AudioStatus.QUEUED else messages.warning
    say(request, f"Audio of “{article.title}”: {audio.get_status_display().lower()}. {audio.error}".strip())
    return redirect("listen_audio")


@hooks.register("register_admin_urls")
def urls():
    return [
        path("listen/audio/", audio_list, name="listen_audio"),
        path("listen/audio/<int:article_id>/regenerate/", regenerate, name="listen_regenerate"),
    ]


@hooks.register("register_admin_menu_item")
def menu_item():
    return MenuItem("Article audio", reverse("listen_audio"), icon_name="media", order=270)
