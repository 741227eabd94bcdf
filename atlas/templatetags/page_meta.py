"""Tags for the page head: a block's text repeated where it is needed again (link previews)."""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def block_text(context, name: str) -> str:
    """The page's own content for block `name` (its title, its description), rendered again so
    the link-preview tags say what the <title> and description say; empty outside a page that
    extends a template. Renders the block a second time, queries included.
    """
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    if block_context is None or block_context.get_block(name) is None:
        return ""
    rendered = BlockNode(name, template.NodeList()).render(context)
    return mark_safe(rendered.strip())  # noqa: S308 - the template escaped it as it rendered
