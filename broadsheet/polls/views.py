from functools import partial

from django.conf import settings
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt

from broadsheet.edge.chain import short_chain
from broadsheet.edge.limits import accepts_bodies_up_to
from broadsheet.fragments.http import private_fragment, shared_fragment
from broadsheet.identity import remember_reader
from broadsheet.newsroom.models import ArticlePage
from broadsheet.refusals import Refused, refusal_response, wants_json
from broadsheet.throttle import allow
from broadsheet.views import safe_next

from .models import Ballot, Poll
from .services import cast_vote


def chosen_option(poll, reader):
    """Return the option this reader chose in the poll, or None if they have not voted."""
    voter = reader.known_key
    if voter is None:
        return None
    return Ballot.objects.filter(poll=poll, voter=voter).values_list("option_id", flat=True).first()


def poll_state(request, poll, message=None, come_back_to=None):
    """Return the template context for one reader's view of a poll."""
    chosen = chosen_option(poll, request.reader)
    return {
        "poll": poll,
        "chosen": chosen,
        "has_voted": chosen is not None,
        "can_vote": chosen is None and poll.is_open(),
        "needs_sign_in": poll.is_for_signed_in_readers and not request.reader.is_signed_in,
        "sign_in_url": settings.LOGIN_URL,
        "show_results": poll.shows_results_to(chosen is not None),
        "results": poll.results(),
        "message": message,
        "next": come_back_to or safe_next(request, reverse("polls:page", args=[poll.pk])),
    }


def get_poll(poll_id):
    """Return a poll readers may see; one not public yet is answered exactly as one that never existed."""
    return get_object_or_404(Poll.objects.public().prefetch_related("options", "corrections"), pk=poll_id)


# Votes arrive in bursts of thousands a second. A script's vote (JSON back) needs no session, so it
# may take the short middleware chain; a form's vote can end in a rendered page, which needs it all.
@short_chain(when=wants_json)
# A small form: a few kilobytes even in a script of many bytes a letter.
@accepts_bodies_up_to(8 * 1024)
def vote(request, poll_id):
    """Cast a ballot: a form POST comes back to the poll's place, a script gets JSON."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "Votes are sent with the poll's form.")
    try:
        option_id = int(request.POST.get("option", ""))
    except ValueError:
        option_id = None
    try:
        if not allow(request.reader, "vote"):
            raise Refused(
                "You are sending votes too quickly. Please wait a minute and try again.", status=429, code="throttled"
            )
        cast_vote(poll_id=poll_id, option_id=option_id, reader=request.reader)
    except Refused as refusal:
        response = refusal_response(request, refusal, html=partial(refusal_page, request, poll_id))
    else:
        if wants_json(request):
            response = JsonResponse({"ok": True, "message": "Thank you: your vote has been counted."})
        else:
            target = safe_next(request, reverse("polls:page", args=[poll_id]))
            response = redirect(f"{target.split('#')[0]}#poll-{poll_id}")
            response.status_code = 303
    response["Cache-Control"] = "private, no-store"
    if response.status_code < 400:
        remember_reader(request, response)
    return response


def refusal_page(request, poll_id, refusal):
    """Return the poll with the reason a vote was refused in the form's place, in its frame if it came from one."""
    poll, message = get_poll(poll_id), refusal.message
    back = safe_next(request, "")
    if "/embed/" in back:  # a vote from a framed poll stays in its frame
        context = poll_state(request, poll, message=message, come_back_to=back) | {"in_article": "in_article" in back}
        response = render(request, "polls/embed.html", context)
        # The refusal is shown inside the frame, like the embed itself: it must be frameable too.
        response.xframe_options_exempt = True
        return response
    return render(request, "polls/poll_page.html", poll_state(request, poll, message=message))


@private_fragment
def poll_fragment(request, poll_id):
    """Return this reader's view of a poll (form or results) for the placeholder in an article."""
    return render(request, "polls/fragment.html", poll_state(request, get_poll(poll_id)))


def poll_results(request, poll_id):
    """Return the current counts to a reader allowed to see them (refreshed every few seconds).

    Results everyone may see are one shared, briefly cacheable answer; results shown only to those
    who voted are checked against this reader's ballot and never stored by anyone.
    """
    poll = get_poll(poll_id)
    if poll.shows_results_to_everyone():
        return shared_results(request, poll)
    return private_results(request, poll)


def results_json(poll):
    return JsonResponse(poll.results().as_json() | {"refused": poll.refused_total})


@shared_fragment(max_age=2)
def shared_results(request, poll):
    return results_json(poll)


@private_fragment
def private_results(request, poll):
    if not poll.shows_results_to(has_voted=chosen_option(poll, request.reader) is not None):
        return JsonResponse({"message": f"Results are shown {poll.when_results_show}."}, status=403)
    return results_json(poll)


def poll_page(request, poll_id):
    """The poll's own, shareable page: the poll and the articles it appears in."""
    poll = get_poll(poll_id)
    context = poll_state(request, poll) | {"articles": articles_showing(poll)}
    response = render(request, "polls/poll_page.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@xframe_options_exempt
def poll_embed(request, poll_id):
    """The poll for other sites to frame: the only page that may be shown in a frame."""
    in_article = request.GET.get("in_article") == "1"
    come_back_to = request.path + ("?in_article=1" if in_article else "")
    context = poll_state(request, get_poll(poll_id), come_back_to=come_back_to) | {"in_article": in_article}
    response = render(request, "polls/embed.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def articles_showing(poll):
    return ArticlePage.objects.visible().filter(pk__in=poll.placements.values("article")).newest_first()
