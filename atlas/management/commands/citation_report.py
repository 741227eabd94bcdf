from django.core.management.base import BaseCommand

from atlas import citation_report


class Command(BaseCommand):
    help = (
        "Print how many facts of the published models released after July 2023 carry a "
        "citation for their field, and (with --uncited) which do not."
    )

    def add_arguments(self, parser):
        parser.add_argument("--uncited", action="store_true", help="List every uncited fact.")

    def handle(self, *args, uncited=False, **options):
        found = citation_report.coverage()
        if uncited:
            for fact in found.uncited:
                self.stdout.write(fact)
        self.stdout.write(
            f"facts: {found.facts}, cited: {found.cited} ({found.percent:.1f} %), "
            f"uncited: {len(found.uncited)}"
        )
