from django.core.management.base import BaseCommand, CommandError

from atlas import interchange
from catalog.models import LanguageModel


class Command(BaseCommand):
    help = (
        "Import llm-atlas/1, /2 or /3 JSON files in one transaction, upserting by slug. "
        "On any problem, list them with their JSON paths (the first 100) and write nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="One or more llm-atlas/1 or /2 JSON files.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the catalog already holds models (used to seed a new database).",
        )

    def handle(self, *args, files, if_empty=False, **options):
        if if_empty and LanguageModel.objects.exists():
            self.stdout.write("The catalog already has data; nothing imported.")
            return
        problems: list[str] = []
        documents = []
        for name in files:
            try:
                with open(name, "rb") as handle:
                    raw = handle.read()
            except OSError as exc:
                problems.append(f"{name}: cannot read ({exc.strerror})")
                continue
            doc = interchange.parse(name, raw, problems)
            if doc is not None:
                documents.append((name, doc))
        try:
            if problems:
                raise interchange.ImportFailed(problems)
            counts = interchange.import_documents(documents, progress=self._progress())
        except interchange.ImportFailed as failure:
            for line in interchange.shown(failure.problems):
                self.stderr.write(line)
            raise CommandError(
                f"{len(failure.problems)} problem(s) found; nothing was imported."
            ) from None
        summary = ", ".join(f"{n} {section}" for section, n in counts.items()) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Imported {summary}."))

    def _progress(self):
        """A progress line on a terminal, nothing otherwise."""
        if not self.stderr.isatty():
            return None

        def report(section, done, total):
            end = "\n" if done >= total else ""
            self.stderr.write(f"\r{section}: {done}/{total}", ending=end)
            self.stderr.flush()

        return report
