from django import template

from ..parts import kept_part

register = template.Library()


@register.tag("part")
def do_part(parser, token):
    """{% part "name" key… depends=keys %}…{% endpart %}: a part of the page kept between renders.

    The name and the keys after it say what the HTML differs by (the page's id, its revision);
    `depends` resolves to the dependency keys of what it shows, and is read only when the part
    is rendered (a kept part asks nothing of the database).
    """
    bits = token.split_contents()
    if len(bits) < 3 or not bits[-1].startswith("depends="):
        raise template.TemplateSyntaxError('Usage: {% part "name" key… depends=keys %}')
    names = [parser.compile_filter(bit) for bit in bits[1:-1]]
    depends = parser.compile_filter(bits[-1].removeprefix("depends="))
    nodelist = parser.parse(("endpart",))
    parser.delete_first_token()
    return PartNode(names, depends, nodelist)


class PartNode(template.Node):
    def __init__(self, names, depends, nodelist):
        self.names, self.depends, self.nodelist = names, depends, nodelist

    def render(self, context):
        name = ":".join(str(expression.resolve(context)) for expression in self.names)

        def render():
            return self.nodelist.render(context), set(self.depends.resolve(context) or ())

        return kept_part(context.get("request"), name, render)
