from django.core.management.base import BaseCommand

from atlas import interchange


class Command(BaseCommand):
    help = "Write the whole knowledge base as llm-atlas/3 JSON (stdout unless --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write instead of standard output.")

    def handle(self, *args, output=None, **options):
        text = interchange.dumps(interchange.export())
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
