"""Write a synthetic llm-atlas/1 knowledge base for benchmarks.

    python bench/generate.py --models 10000 --output bench/out/synthetic.json

Deterministic for a given --seed. Models get 1-3 organisations, a licence, datasets, papers and
0-2 parents chosen among earlier models (so the lineage has no loops), spread over 2013-2026.
"""

import argparse
import datetime
import json
import random
from pathlib import Path

# What a synthetic model's Chinese summary says it is good at (Chinese search has text to scan).
ZH_SKILLS = ["擅长代码生成", "用于多轮对话", "面向数学推理", "支持长上下文", "可做文本分类"]
BRANCHES = ["pre-transformer", "encoder-only", "encoder-decoder", "decoder-only"]
RELATIONS = [
    "fine-tuned-from",
    "instruction-tuned-from",
    "aligned-from",
    "distilled-from",
    "successor-of",
    "variant-of",
    "scaled-from",
    "multilingual-version-of",
    "same-family",
]


def generate(models: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    n_orgs, n_licenses, n_datasets, n_papers = 200, 30, 120, max(50, models // 4)
    orgs = [
        {
            "slug": f"org-{i:04d}",
            "name": f"Organisation {i}",
            "kind": rng.choice(["company", "academic", "non-profit", "community"]),
            "country": rng.choice(["US", "CN", "GB", "FR", "DE", "AE", ""]),
            "url": f"https://org{i}.example.org/",
        }
        for i in range(n_orgs)
    ]
    licenses = [
        {
            "slug": f"license-{i:03d}",
            "name": f"Licence {i}",
            "url": f"https://licenses.example.org/{i}",
            "commercial_use": rng.choice(["yes", "no", "conditional"]),
            "restrictions": "Synthetic terms." if i % 3 else "",
            "source_url": "",
            "source_note": "",
        }
        for i in range(n_licenses)
    ]
    datasets = [
        {
            "slug": f"dataset-{i:03d}",
            "name": f"Corpus {i}",
            "description": "Synthetic corpus.",
            "access": rng.choice(["public", "restricted", "unknown"]),
            "url": "",
        }
        for i in range(n_datasets)
    ]
    topics = [{"slug": f"topic-{i:02d}", "name": f"Topic {i}", "order": i} for i in range(20)]
    papers = [
        {
            "slug": f"paper-{i:05d}",
            "title": f"On synthetic language model {i}",
            "authors": "A. Author et al.",
            "year": rng.randint(2013, 2026),
            "venue": "arXiv",
            "url": f"https://papers.example.org/{i}",
            "topics": sorted(rng.sample([t["slug"] for t in topics], rng.randint(1, 3))),
        }
        for i in range(n_papers)
    ]
    start = datetime.date(2013, 1, 1)
    days = (datetime.date(2026, 6, 1) - start).days
    dates = sorted(start + datetime.timedelta(days=rng.randrange(days)) for _ in range(models))
    rows = []
    for i, date in enumerate(dates):
        precision = rng.choice(["day", "month", "month", "year"])
        if precision == "month":
            date = date.replace(day=1)
        elif precision == "year":
            date = date.replace(month=1, day=1)
        parents = []
        if i and rng.random() < 0.7:
            for p in sorted(set(rng.sample(range(max(0, i - 400), i), min(i, rng.randint(1, 2))))):
                parents.append(
                    {
                        "model": f"model-{p:05d}",
                        "relation": rng.choice(RELATIONS),
                        "note": "",
                        "source_url": "",
                        "source_note": "",
                    }
                )
        rows.append(
            {
                "slug": f"model-{i:05d}",
                "name": f"Synthetic LM {i}",
                "aliases": [f"SLM-{i}", f"合成模型{i}号"],
                "branch": rng.choice(BRANCHES),
                "organizations": sorted(rng.sample([o["slug"] for o in orgs], rng.randint(1, 3))),
                "access": rng.choice(["open", "closed"]),
                "release_date": date.isoformat(),
                "release_date_precision": precision,
                "parameters_billions": round(rng.uniform(0.05, 1000), 3)
                if rng.random() < 0.9
                else None,
                "parameters_note": "",
                "license": rng.choice(licenses)["slug"] if rng.random() < 0.8 else None,
                "data_license": "Public",
                "datasets": sorted(rng.sample([d["slug"] for d in datasets], rng.randint(0, 4))),
                "papers": sorted(rng.sample([p["slug"] for p in papers], rng.randint(0, 2))),
                "summary": f"Synthetic model number {i}, made for benchmarks.",
                "summary_zh_hans": f"第 {i} 号合成模型，为基准测试而造，{ZH_SKILLS[i % 5]}。",
                "url": "",
                "source_url": "",
                "source_note": "",
                "parents": parents,
            }
        )
    return {
        "format": "llm-atlas/3",
        "organizations": orgs,
        "licenses": licenses,
        "datasets": datasets,
        "topics": topics,
        "papers": papers,
        "models": rows,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", default="bench/out/synthetic.json")
    args = parser.parse_args()
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(generate(args.models, args.seed)), encoding="utf-8")
    print(f"wrote {args.models} models to {out}")


if __name__ == "__main__":
    main()
