"""Reading and writing in batches, so a large import never builds one huge statement."""

BATCH = 500


def chunks(values: list, size: int = BATCH):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def slug_ids(model, slugs) -> dict[str, int]:
    """Primary keys of the rows of `model` with these slugs. One query per `BATCH` slugs."""
    result = {}
    for chunk in chunks(sorted(set(slugs))):
        result.update(model.objects.filter(slug__in=chunk).values_list("slug", "pk"))
    return result
