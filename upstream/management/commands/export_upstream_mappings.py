import json

from django.core.management.base import BaseCommand

from upstream import mappings


class Command(BaseCommand):
    help = "Write the mapping of dataset entries to atlas models as JSON (stdout unless --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write instead of standard output.")

    def handle(self, *args, output=None, **options):
        text = json.dumps(mappings.dump(), indent=1, ensure_ascii=False) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
