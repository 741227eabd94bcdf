import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from upstream import readers
from upstream.datasets import known_names
from upstream.sync import sync

from .load_upstream_mappings import load as load_mappings

META_FILE = "snapshot.json"  # beside a copy: {"date": "2026-07-02", ...}


class Command(BaseCommand):
    help = (
        "Read a copy of an open dataset (models-dev, litellm or epoch) from a file or an https "
        "URL and queue what it says that the catalog does not as proposals for editors to "
        "accept or reject. Changes nothing in the catalog. A copy that cannot be read (cut "
        "short, of the wrong types, too large) is refused and nothing is written. The last "
        "line is 'proposals: N new, M unchanged, K unmatched'."
    )

    def add_arguments(self, parser):
        parser.add_argument("dataset", help=f"Which dataset: {known_names()}.")
        parser.add_argument("location", help="The copy: a file, or an https URL.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be proposed; write nothing."
        )
        parser.add_argument(
            "--date",
            help="The day the copy was taken (YYYY-MM-DD). Default: the 'date' of a "
            f"{META_FILE} beside a file; today for a URL.",
        )
        parser.add_argument(
            "--mappings",
            help="Load this mappings file first (as load_upstream_mappings does).",
        )

    def handle(self, *args, dataset, location, dry_run=False, date=None, mappings=None, **options):
        try:
            chosen = readers.dataset_named(dataset)
            taken_on = snapshot_date(location, date)
            copy = readers.read(chosen, readers.load(location), name=location)
        except readers.SnapshotRefused as refused:
            for line in refused.lines():
                self.stderr.write(line)
            raise CommandError("The copy was refused; nothing was changed.") from None
        for line in copy.skipped:
            self.stderr.write(f"skipped {line}")
        with transaction.atomic():
            if mappings:
                self.stdout.write(load_mappings(mappings))
            outcome = sync(chosen, copy, taken_on=taken_on, source=location, dry_run=dry_run)
            if dry_run:
                transaction.set_rollback(True)  # the mappings loaded for it too
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(outcome.summary())


def snapshot_date(location: str, given: str | None) -> datetime.date:
    """The day the copy was taken: `given`, else the date beside a file, else today for a
    URL; a file of unknown date is refused (its citations would carry a wrong date)."""
    if given:
        try:
            return datetime.date.fromisoformat(given)
        except ValueError:
            raise readers.SnapshotRefused(
                [f"--date: expected a date like 2026-07-02, got {given!r}"]
            ) from None
    if location.startswith("https://"):
        return timezone.localdate()
    meta = Path(location).with_name(META_FILE)
    try:
        return datetime.date.fromisoformat(json.loads(meta.read_text(encoding="utf-8"))["date"])
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise readers.SnapshotRefused([f"{meta}: no readable 'date' ({exc})"]) from None
    raise readers.SnapshotRefused(
        [
            f"{location}: say when this copy was taken: --date YYYY-MM-DD "
            f"(or a {META_FILE} beside it)"
        ]
    )
