"""The licence the atlas publishes its data under, named once for the footer, the API root,
the exports and the attribution page."""

SPDX = "CC-BY-4.0"
NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "LLM Atlas contributors"
