from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from broadsheet import throttle
from broadsheet.edge.limits import accepts_bodies_up_to
from broadsheet.refusals import Refused, refusal_response

from .forms import ContactForm
from .models import ContactPage
from .services import send_contact_message


def contact_page_response(request, page, form, *, status=200, refusal=None, sent=False):
    """The contact page with this form (empty, or with its errors), never stored: it holds the reader's token."""
    context = {**page.get_context(request), "form": form, "refusal": refusal, "sent": sent}
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    add_never_cache_headers(response)
    return response


# A form sends each byte of a non-ASCII letter as three characters: 3,000 letters of Chinese (three
# bytes each) come to 27 KiB, with room left for the name, the address and the form's token.
@accepts_bodies_up_to(32 * 1024)
def send(request):
    """Take a message from the contact form; on success go back to the contact page's thanks."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = ContactPage.objects.live().public().first()
    if page is None:
        raise Http404("There is no contact page.")
    form = ContactForm(request.POST)
    # Counted before the form is read: a flood is turned away before anything is written.
    if not throttle.allow(request.reader, "contact_message"):
        refusal = Refused("You have sent several messages already; please try again in an hour.", status=429)
        return refusal_response(
            request, refusal, html=lambda r: contact_page_response(request, page, form, refusal=r.message)
        )
    if not form.is_valid():
        return contact_page_response(request, page, form, status=400)
    send_contact_message(**{field: form.cleaned_data[field] for field in ("name", "email", "subject", "message")})
    # Post/Redirect/Get: reloading the thanks sends nothing twice.
    return HttpResponseRedirect(page.url + "?sent=1")
