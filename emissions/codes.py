"""The codes of the public file contract (docs/data-formats.md): sectors, gases, sources, GWP."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

TOKYO_TOTAL_CODE = "130001"  # 東京都: a Tokyo-wide amount that must be apportioned among the 62


class Sector(models.TextChoices):
    INDUSTRY_AGRICULTURE = "industry_agriculture", _("Industry (agriculture, forestry, fishery)")
    INDUSTRY_CONSTRUCTION = "industry_construction", _("Industry (construction, mining)")
    INDUSTRY_MANUFACTURING = "industry_manufacturing", _("Industry (manufacturing)")
    RESIDENTIAL = "residential", _("Residential (households)")
    COMMERCIAL = "commercial", _("Commercial (business and offices)")
    TRANSPORT_CAR = "transport_car", _("Transport (cars)")
    TRANSPORT_RAIL = "transport_rail", _("Transport (rail)")
    TRANSPORT_SHIP = "transport_ship", _("Transport (ships)")
    WASTE = "waste", _("Waste")
    ALL = "all", _("All sectors (no sector split)")


class Gas(models.TextChoices):
    CO2 = "CO2", "CO2"
    CH4 = "CH4", "CH4"
    N2O = "N2O", "N2O"
    HFCS = "HFCs", "HFCs"
    PFCS = "PFCs", "PFCs"
    SF6 = "SF6", "SF6"
    NF3 = "NF3", "NF3"


class EnergySource(models.TextChoices):
    ELECTRICITY = "electricity", _("Electricity")
    CITY_GAS = "city_gas", _("City gas")
    LPG = "lpg", _("LPG")
    KEROSENE = "kerosene", _("Kerosene")
    HEAVY_OIL_A = "heavy_oil_a", _("Heavy oil A")
    DIESEL = "diesel", _("Diesel")
    GASOLINE = "gasoline", _("Gasoline")
    HEAT = "heat", _("Heat")
    NON_ENERGY = "non_energy", _("Non-energy (material)")


# The unit in which every amount of a source is given (and per which its factor is given).
SOURCE_UNITS = {
    EnergySource.ELECTRICITY: "MWh",
    EnergySource.CITY_GAS: "千m³",
    EnergySource.LPG: "t",
    EnergySource.KEROSENE: "kL",
    EnergySource.HEAVY_OIL_A: "kL",
    EnergySource.DIESEL: "kL",
    EnergySource.GASOLINE: "kL",
    EnergySource.HEAT: "GJ",
    EnergySource.NON_ENERGY: "t",
}

# Spellings a file may use in an optional `unit` column, per canonical unit.
UNIT_SPELLINGS = {
    "MWh": {"mwh", "千kwh"},
    "千m³": {"千m³", "千m3", "1000m3", "1000m³", "thousand m3"},
    "t": {"t"},
    "kL": {"kl"},
    "GJ": {"gj"},
}


class GwpSet(models.TextChoices):
    AR4 = "AR4", _("IPCC AR4 (100-year)")
    AR5 = "AR5", _("IPCC AR5 (100-year)")


# HFCs and PFCs are mixtures: their factors are given in t-CO2e already, so their GWP is 1.
GWP_VALUES: dict[str, dict[str, Decimal]] = {
    GwpSet.AR4: {
        Gas.CO2: Decimal(1),
        Gas.CH4: Decimal(25),
        Gas.N2O: Decimal(298),
        Gas.HFCS: Decimal(1),
        Gas.PFCS: Decimal(1),
        Gas.SF6: Decimal(22800),
        Gas.NF3: Decimal(17200),
    },
    GwpSet.AR5: {
        Gas.CO2: Decimal(1),
        Gas.CH4: Decimal(28),
        Gas.N2O: Decimal(265),
        Gas.HFCS: Decimal(1),
        Gas.PFCS: Decimal(1),
        Gas.SF6: Decimal(23500),
        Gas.NF3: Decimal(16100),
    },
}

# Sector order and the groups the public pages use for shares.
SECTOR_ORDER = [s.value for s in Sector]
GAS_ORDER = [g.value for g in Gas]
