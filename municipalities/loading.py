"""Loads the 62 municipalities from the CSV shipped with the app."""

import csv
from pathlib import Path

from .codes import is_valid_code

CSV_PATH = Path(__file__).resolve().parent / "data" / "municipalities.csv"


def read_municipalities(path: Path = CSV_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if not is_valid_code(row["code"]):
            raise ValueError(f"Invalid municipality code in {path.name}: {row['code']}")
    return rows


def load_municipalities(municipality_model) -> int:
    """Create or update every municipality; works with the historical model in migrations."""
    for row in read_municipalities():
        municipality_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name_ja"],
                "name_ja": row["name_ja"],
                "name_en": row["name_en"],
                "kana": row["name_kana"],
                "kind": row["kind"],
                "region": row["region"],
            },
        )
    return municipality_model.objects.count()
