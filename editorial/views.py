"""Public recent changes (/changes/ and its Atom feed) and the editors' list of deleted objects."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.validators import strip_control_characters

from .changes import deleted_records, group_saves, load_entries, save_index

PER_PAGE = 50
FEED_ITEMS = 50


def show_imports(request) -> bool:
    """`?imports=hide` leaves data imports out; any other value shows them."""
    return request.GET.get("imports") != "hide"


def change_list(request):
    """Recent changes to the catalog and guidance, newest first, one entry per save or import
    (a fixed number of queries)."""
    imports = show_imports(request)
    page = Paginator(save_index(imports), PER_PAGE).get_page(request.GET.get("page"))
    entries = load_entries(group_saves(page.object_list))
    context = {
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.paginator.num_pages > 1,
        "entries": entries,
        "changes": [change for entry in entries for change in entry.changes],
        "imports_hidden": not imports,
        "feed_url": reverse("editorial:changes_feed") + ("" if imports else "?imports=hide"),
    }
    return render(request, "editorial/change_list.html", context)


@staff_member_required
def deleted_list(request):
    """Deleted objects an editor may restore from their history (admin "Revert")."""
    changes = [
        change
        for change in deleted_records()
        if request.user.has_perm(
            f"{change.model._meta.app_label}.add_{change.model._meta.model_name}"
        )
    ]
    for change in changes:
        opts = change.model._meta
        change.history_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[change.record.id]
        )
    context = admin.site.each_context(request) | {
        "title": "Deleted objects",
        "subtitle": None,
        "changes": changes,
    }
    return render(request, "editorial/deleted_list.html", context)


class CleanAtom1Feed(Atom1Feed):
    """Atom that leaves out the control characters XML 1.0 cannot carry: a history record
    keeps the text of its day, which may predate the rule that refuses them on input."""

    def add_item(self, title, link, description, **kwargs):
        super().add_item(
            _clean(title),
            _clean(link),
            _clean(description),
            **{name: _clean(value) for name, value in kwargs.items()},
        )


def _clean(value):
    return strip_control_characters(value) if isinstance(value, str) else value


class ChangesFeed(Feed):
    feed_type = CleanAtom1Feed
    title = gettext_lazy("LLM Atlas: recent changes")
    subtitle = gettext_lazy("What changed in the catalog of language models and the task guidance.")

    def get_object(self, request):
        return show_imports(request)

    def link(self, imports):
        url = reverse("editorial:changes")
        return url if imports else f"{url}?imports=hide"

    def items(self, imports):
        return load_entries(group_saves(save_index(imports)[:FEED_ITEMS]))

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        """Plain sentences, escaped: Atom readers render a summary as HTML."""
        lines = []
        for change in entry.changes:
            if change.fields:
                line = _("%(title)s (%(fields)s).") % {
                    "title": change.title,
                    "fields": ", ".join(change.fields),
                }
            else:
                line = _("%(title)s.") % {"title": change.title}
            lines.append(line)
        if entry.more:
            lines.append(_("And %(more)s more.") % {"more": entry.more})
        if entry.imported:
            lines.append(_("From a reviewed data import."))
        return escape(" ".join(lines))

    def item_link(self, entry):
        first = entry.changes[0] if len(entry.changes) == 1 else None
        return (first and first.url) or f"{reverse('editorial:changes')}#{entry.anchor}"

    def item_guid(self, entry):
        return f"{reverse('editorial:changes')}#{entry.anchor}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.date

    def item_updateddate(self, entry):
        return entry.date

    def item_author_name(self, entry):
        return entry.editor or None
