"""Public recent changes (/changes/ and its Atom feed) and the editors' list of deleted objects."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.validators import strip_control_characters

from .changes import change_index, deleted_records, load_changes

PER_PAGE = 50
FEED_ITEMS = 50


def change_list(request):
    """Recent changes to the catalog and guidance, newest first (a fixed number of queries)."""
    page = Paginator(change_index(), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.paginator.num_pages > 1,
        "changes": load_changes(list(page.object_list)),
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
    title = "LLM Atlas: recent changes"
    subtitle = "What changed in the catalog of language models and the task guidance."

    def link(self):
        return reverse("editorial:changes")

    def items(self):
        return load_changes(list(change_index()[:FEED_ITEMS]))

    def item_title(self, change):
        return f"{change.type_name.capitalize()} {change.kind}: {change.label}"

    def item_description(self, change):
        parts = []
        if change.fields:
            parts.append("Changed: " + ", ".join(change.fields) + ".")
        if change.imported:
            parts.append("From a reviewed data import.")
        return " ".join(parts) or f"{change.type_name.capitalize()} {change.kind}."

    def item_link(self, change):
        return change.url or f"{reverse('editorial:changes')}#{change.anchor}"

    def item_guid(self, change):
        return f"{reverse('editorial:changes')}#{change.anchor}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.date

    def item_updateddate(self, change):
        return change.date

    def item_author_name(self, change):
        return change.editor or None
