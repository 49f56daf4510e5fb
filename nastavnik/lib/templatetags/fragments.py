"""``{% cached_figures "name" key %}…{% endcached_figures %}``: the part of a
page written once per set of figures, ``key`` being their digest
(nastavnik.lib.fragments.key, made by the view). Unlike Django's
``{% cache %}``, a key that is missing or empty is an error, not one key
shared by every page."""

from __future__ import annotations

from django import template
from django.core.cache import caches

register = template.Library()


class CachedFiguresNode(template.Node):
    def __init__(self, nodelist, name: str, key: template.base.FilterExpression):
        self.nodelist = nodelist
        self.name = name
        self.key = key

    def render(self, context: template.Context) -> str:
        key = self.key.resolve(context)
        if not isinstance(key, str) or not key:
            raise template.TemplateSyntaxError(
                f"the fragment {self.name} has no key: the view makes it "
                "with nastavnik.lib.fragments.key"
            )
        cache = caches["fragments"]
        name = f"{self.name}:{key}"
        written = cache.get(name)
        if written is None:
            written = self.nodelist.render(context)
            cache.set(name, written)
        return written


@register.tag
def cached_figures(parser: template.base.Parser, token: template.base.Token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(
            '{% cached_figures "name" key %} takes a name and a key'
        )
    nodelist = parser.parse(("endcached_figures",))
    parser.delete_first_token()
    return CachedFiguresNode(
        nodelist, bits[1].strip("\"'"), parser.compile_filter(bits[2])
    )
