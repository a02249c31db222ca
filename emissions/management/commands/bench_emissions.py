import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from emissions.codes import GwpSet
from emissions.demo import _inputs
from emissions.models import Edition, EditionSource, EmissionResult
from emissions.services import calculate_edition, create_calculation
from municipalities.models import Municipality


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Time the calculation of 62 municipalities × 33 fiscal years from activity data against "
        "a bare bulk insert of the same number of result rows (nothing is kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--first-year", type=int, default=1990)
        parser.add_argument("--last-year", type=int, default=2022)

    def handle(self, *args, first_year, last_year, **options):
        years = list(range(first_year, last_year + 1))
        codes_regions = list(Municipality.objects.ordered().values_list("code", "region"))
        figures = {}
        try:
            with transaction.atomic():
                inputs = _inputs(codes_regions, years, revision=0)
                edition = create_calculation(
                    label="bench-calculation", inputs=inputs, gwp_set=GwpSet.AR5
                )
                start = time.perf_counter()
                edition = calculate_edition(edition_id=edition.pk)
                figures["calculation_s"] = time.perf_counter() - start
                rows = edition.result_count
                bare = Edition.objects.create(label="bench-bare", source=EditionSource.IMPORTED)
                template = list(
                    EmissionResult.objects.filter(edition=edition).values_list(
                        "municipality_id", "fiscal_year", "sector", "gas", "energy_source"
                    )
                )
                start = time.perf_counter()
                EmissionResult.objects.bulk_create(
                    [
                        EmissionResult(
                            edition=bare,
                            municipality_id=m,
                            fiscal_year=y,
                            sector=s,
                            gas=g,
                            energy_source=e,
                            value=Decimal("1.5"),
                        )
                        for m, y, s, g, e in template
                    ],
                    batch_size=5000,
                )
                figures["bare_insert_s"] = time.perf_counter() - start
                raise _Rollback
        except _Rollback:
            pass
        ratio = figures["calculation_s"] / figures["bare_insert_s"]
        self.stdout.write(
            f"emissions calculation: {len(codes_regions)} municipalities × {len(years)} fiscal "
            f"years, {rows} result rows\n"
            f"  calculation  {figures['calculation_s']:.2f} s\n"
            f"  bare insert  {figures['bare_insert_s']:.2f} s\n"
            f"  ratio        {ratio:.2f}× (target ≤ 3×)"
        )
