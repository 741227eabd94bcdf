from django.core.management.base import BaseCommand, CommandError

from upstream import mappings

DEFAULT = "fixtures/upstream/mappings.json"


class Command(BaseCommand):
    help = (
        "Load the mapping of dataset entries to atlas models from a JSON file, upserting by "
        "(dataset, upstream id). On any problem, list them and write nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=DEFAULT, help=f"Default: {DEFAULT}.")

    def handle(self, *args, file, **options):
        self.stdout.write(load(file))


def load(file: str) -> str:
    """Load `file`; the line that says what changed, or CommandError listing the problems."""
    try:
        with open(file, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise CommandError(f"{file}: cannot be read ({exc.strerror})") from None
    try:
        counts = mappings.load(raw, file)
    except mappings.MappingsRefused as refused:
        listed = "\n".join(refused.problems[:50])
        raise CommandError(
            f"{listed}\n{len(refused.problems)} problem(s); nothing was loaded."
        ) from None
    return (
        f"mappings: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
    )
