"""The open datasets the atlas reads proposals from, each named once: what it is, where it
lives, under which licence, and where its file is published.

The sync (`upstream/sync.py`), the admin, the attribution page and the citations written on
accepting a proposal all take these facts from here.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dataset(models.TextChoices):
    MODELS_DEV = "models-dev", "models.dev"
    LITELLM = "litellm", "LiteLLM model prices and context windows"
    EPOCH = "epoch", "Epoch AI, Data on AI Models"

    @property
    def about(self) -> "DatasetInfo":
        return ABOUT[self]


@dataclass(frozen=True)
class DatasetInfo:
    """What the attribution page and the citations say about one dataset."""

    licence: str  # SPDX id
    licence_url: str
    repository: str  # where its data is kept, https
    homepage: str
    file_url: str  # the published file, https: cited when an entry gives no source of its own
    what: str  # one sentence, translated
    maker: str


ABOUT = {
    Dataset.MODELS_DEV: DatasetInfo(
        licence="MIT",
        licence_url="https://github.com/anomalyco/models.dev/blob/dev/LICENSE",
        repository="https://github.com/anomalyco/models.dev",
        homepage="https://models.dev",
        file_url="https://models.dev/api.json",
        what=_("Community-kept prices, limits and dates of models, per provider."),
        maker="models.dev contributors",
    ),
    Dataset.LITELLM: DatasetInfo(
        licence="MIT",
        licence_url="https://github.com/BerriAI/litellm/blob/main/LICENSE",
        repository="https://github.com/BerriAI/litellm",
        homepage="https://docs.litellm.ai",
        file_url="https://raw.githubusercontent.com/BerriAI/litellm/main/"
        "model_prices_and_context_window.json",
        what=_("Per-token prices, context windows and shutdown dates that LiteLLM bills by."),
        maker="Berri AI and LiteLLM contributors",
    ),
    Dataset.EPOCH: DatasetInfo(
        licence="CC-BY-4.0",
        licence_url="https://creativecommons.org/licenses/by/4.0/",
        repository="https://epoch.ai/data/ai-models",
        homepage="https://epoch.ai",
        file_url="https://epoch.ai/data/generated/notable_ai_models.csv",
        what=_("Publication dates, parameter counts and training data sizes of notable models."),
        maker="Epoch AI",
    ),
}


def parse_dataset(name: str) -> Dataset | None:
    """The dataset called `name` (its value, e.g. "models-dev"), or None."""
    try:
        return Dataset(name)
    except ValueError:
        return None


def known_names() -> str:
    """The dataset names, for messages: "models-dev, litellm or epoch"."""
    values = Dataset.values
    return ", ".join(values[:-1]) + " or " + values[-1]
