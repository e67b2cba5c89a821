"""{% fragment url %}fallback{% endfragment %}: a place in a shared page filled per reader after load."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs the fragment's URL")
    url = parser.compile_filter(bits[1])
    options = {}
    for bit in bits[2:]:
        name, _, value = bit.partition("=")
        options[name] = parser.compile_filter(value)
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(url, options, nodelist)


class FragmentNode(template.Node):
    def __init__(self, url, options, nodelist):
        self.url, self.options, self.nodelist = url, options, nodelist

    def render(self, context):
        refresh = self.options.get("refresh")
        tag = self.options.get("tag")
        return format_html(
            '<{tag} data-fragment="{url}"{refresh}>{fallback}</{tag}>',
            tag=tag.resolve(context) if tag else "div",
            url=self.url.resolve(context),
            refresh=format_html(' data-refresh="{}"', refresh.resolve(context)) if refresh else "",
            fallback=self.nodelist.render(context),
        )
