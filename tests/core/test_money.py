import pytest
from django.core.exceptions import ValidationError

from core.forms import YenField
from core.money import format_yen, parse_yen


def test_format_yen_groups_thousands():
    assert format_yen(1_500_000) == "¥1,500,000"
    assert format_yen(0) == "¥0"


@pytest.mark.parametrize(
    "text",
    ["1500000", "1,500,000", "¥1,500,000", "１，５００，０００", "１５０００００円", " 1,500,000 "],
)
def test_parse_yen_accepts_the_ways_people_write_amounts(text):
    assert parse_yen(text) == 1_500_000


@pytest.mark.parametrize("text", ["-1", "1.5", "1,50,000", "abc", "1e6", ""])
def test_parse_yen_refuses_what_is_not_whole_positive_yen(text):
    with pytest.raises(ValidationError):
        parse_yen(text)


def test_yen_field_cleans_to_int():
    assert YenField().clean("１，０００") == 1000
    with pytest.raises(ValidationError):
        YenField().clean("-500")
