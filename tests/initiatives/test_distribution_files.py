import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.tables import TableErrors
from initiatives.distribution_files import import_distributions
from initiatives.models import Action, AwarenessGood, Distribution, Initiative

pytestmark = pytest.mark.django_db

HEADER = "年度,市区町村コード,市区町村,物品,数量,配布日"
GOOD_ROWS = [
    "2026,131016,,ゴーヤの種,300,2026/05/15",
    "2026,,八王子市,ゴーヤの種,２５０,2026-05-16",  # by name, full-width digits
    '2026,13121,,クリアファイル,"1,000",',  # the 5-digit code without its check digit
    "2026,,檜原村,レジカウンター設置用スタンド,10,2026/09/01",
    "2026,133086,奥多摩町,クリアファイル,500,2026/05/20",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def initiative(db):
    goods = (
        ("ゴーヤの種", "Goya seeds"),
        ("クリアファイル", "Clear files"),
        ("レジカウンター設置用スタンド", "Checkout counter stands"),
    )
    for name_ja, name_en in goods:
        AwarenessGood.objects.create(name_ja=name_ja, name_en=name_en, unit_ja="個")
    return Initiative.objects.create(
        fiscal_year=2026,
        title_ja="共通啓発物品の作成・配布",
        summary_ja="配布",
        action=Action.AWARENESS,
    )


def _csv(rows, encoding="cp932", header=HEADER) -> bytes:
    return "\r\n".join([header, *rows]).encode(encoding)


def _records():
    return sorted(
        Distribution.objects.values_list(
            "municipality_id", "good__name_ja", "quantity", "distributed_on"
        )
    )


def test_good_shift_jis_file_imports_every_row(initiative):
    assert (
        import_distributions(initiative=initiative, data=_csv(GOOD_ROWS), filename="配布.csv") == 5
    )
    assert _records() == [
        ("131016", "ゴーヤの種", 300, datetime.date(2026, 5, 15)),
        ("131211", "クリアファイル", 1000, None),
        ("132012", "ゴーヤの種", 250, datetime.date(2026, 5, 16)),
        ("133078", "レジカウンター設置用スタンド", 10, datetime.date(2026, 9, 1)),
        ("133086", "クリアファイル", 500, datetime.date(2026, 5, 20)),
    ]


def test_shift_jis_file_with_one_bad_row_imports_nothing_and_names_the_row(initiative):
    rows = [*GOOD_ROWS[:2], "2026,131024,,ゴーヤの種,たくさん,2026/05/15", *GOOD_ROWS[3:]]
    with pytest.raises(TableErrors) as refused:
        import_distributions(initiative=initiative, data=_csv(rows), filename="配布.csv")
    assert [(e.row, e.column) for e in refused.value.errors] == [(4, "数量")]
    assert "4" in str(refused.value.errors[0]) and "数量" in str(refused.value.errors[0])
    assert Distribution.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("2025,131016,,ゴーヤの種,1,", "年度"),
        ("2026,131017,,ゴーヤの種,1,", "市区町村コード"),
        ("2026,,とうきょう市,ゴーヤの種,1,", "市区町村"),
        ("2026,,Toshima,ゴーヤの種,1,", "市区町村"),  # 豊島区 and 利島村: the code is the key
        ("2026,131016,,ひまわりの種,1,", "物品"),
        ("2026,131016,,ゴーヤの種,2147483648,", "数量"),
        ("2026,131016,,ゴーヤの種,0,", "数量"),
        ("2026,131016,,ゴーヤの種,1,2027/04/01", "配布日"),
        ("2026,131016,,ゴーヤの種,1,2026/02/30", "配布日"),
        ("2026,131024,,Goya seeds,1,", "物品"),  # the same pair as row 2
    ],
)
def test_each_bad_cell_is_a_row_error_not_a_crash(initiative, row, column):
    data = _csv(["2026,131024,,ゴーヤの種,1,", row], encoding="utf-8")
    with pytest.raises(TableErrors) as refused:
        import_distributions(initiative=initiative, data=data, filename="x.csv")
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, column)]


def test_missing_column_and_unreadable_files_are_refused(initiative):
    for data in (
        _csv(["2026,131016,ゴーヤの種"], header="年度,市区町村コード,物品"),
        b"\xff\xfe\x00\x00",
        b"PK\x03\x04not really a workbook",
        b"",
    ):
        with pytest.raises(TableErrors):
            import_distributions(initiative=initiative, data=data, filename="x.csv")


def test_export_re_imports_to_the_same_records(client, initiative, secretariat_user):
    import_distributions(initiative=initiative, data=_csv(GOOD_ROWS), filename="配布.csv")
    before = _records()
    client.force_login(secretariat_user)
    for file_format in ("csv", "xlsx"):
        response = client.get(
            "/admin/initiatives/distribution/export/", {"fiscal_year": 2026, "format": file_format}
        )
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        Distribution.objects.all().delete()
        assert (
            import_distributions(initiative=initiative, data=data, filename=f"export.{file_format}")
            == 5
        )
        assert _records() == before, file_format


def test_english_headers_in_an_xlsx_workbook(initiative):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Fiscal year", "Municipality code", "Good", "Quantity", "Distributed on", "備考"])
    sheet.append([2026, "131016", "Goya seeds", 12, datetime.datetime(2026, 5, 1), "窓口で配布"])
    sheet.append([None, None, None, None, None, None])
    sheet.append([2026, 132012, "Clear files", 3.0, None, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert (
        import_distributions(initiative=initiative, data=buffer.getvalue(), filename="a.xlsx") == 2
    )
    assert _records() == [
        ("131016", "ゴーヤの種", 12, datetime.date(2026, 5, 1)),
        ("132012", "クリアファイル", 3, None),
    ]


def test_admin_import_shows_row_errors_and_imports_nothing(
    client, initiative, secretariat_user, chiyoda_staff
):
    rows = [*GOOD_ROWS[:4], "2026,131024,,ゴーヤの種,-5,"]
    client.force_login(secretariat_user)
    response = client.post(
        "/admin/initiatives/distribution/import/",
        {"initiative": initiative.pk, "file": SimpleUploadedFile("配布.csv", _csv(rows))},
    )
    assert response.status_code == 200
    assert "行 6" in response.text and "数量" in response.text
    assert Distribution.objects.count() == 0
    response = client.post(
        "/admin/initiatives/distribution/import/",
        {"initiative": initiative.pk, "file": SimpleUploadedFile("配布.csv", _csv(GOOD_ROWS))},
    )
    assert response.status_code == 302
    assert Distribution.objects.count() == 5
    client.force_login(chiyoda_staff)
    assert client.get("/admin/initiatives/distribution/import/").status_code == 403
