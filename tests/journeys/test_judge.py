"""A judge scores a category blind: codes and works, never who entered them."""

import re

import pytest

from contests.models import EntryStatus
from tests.browser.watching import wait_for_image
from tests.contests.helpers import category, make_contest, make_entry, make_judge

from .conftest import sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENTRANTS = [
    # (entrant name, e-mail, pen name, title)
    ("秘密 太郎", "taro.secret@example.jp", "ペンネーム桜", "森の呼吸"),
    ("内緒 花子", "hanako.secret@example.jp", "ペンネーム桜", "川のささやき"),
]


def assert_blind(text: str) -> None:
    for name, email, pen_name, _title in ENTRANTS:
        assert name not in text and email not in text and pen_name not in text
    assert "連絡 花子" not in text  # the contact person


def test_judge_scores_every_entry_without_seeing_who_entered(live_server, page, watch):
    base = live_server.url
    watch(page)
    judge = make_judge("judge@example.jp")
    contest = make_contest("judging", year=2026, judges=[judge])
    art = category(contest, "art")
    entries = [
        make_entry(contest, status=EntryStatus.ACCEPTED, name=n, email=e, title=t)
        for n, e, _p, t in ENTRANTS
    ]
    make_entry(contest, status=EntryStatus.REJECTED, title="不採択の作品")

    sign_in_to_admin(page, base, judge.email)

    # The judge's worklist: the category, then its accepted entries by code.
    page.goto(base + "/contests/judging/")
    assert_blind(page.locator("main").inner_text())
    page.get_by_role("link", name=re.compile(str(art.name))).click()
    page.wait_for_url(f"{base}/contests/judging/**")
    category_url = page.url
    listing = page.locator("main").inner_text()
    assert_blind(listing)
    assert "不採択の作品" not in listing
    for entry in entries:
        assert entry.code in listing
    assert listing.count("未採点") == 2

    # Each entry: the work and its image, scored on every criterion.
    for entry, scores in zip(entries, (("9", "7"), ("6", "10")), strict=True):
        page.get_by_role("link", name=entry.code).click()
        page.wait_for_url(f"{base}/contests/judging/**")
        assert_blind(page.content())
        assert page.get_by_role("heading", level=1).inner_text().endswith(entry.title)
        image = page.locator("img.contests-work__image")
        wait_for_image(page, image)
        for field, score in zip(page.locator("input[name^=criterion_]").all(), scores, strict=True):
            field.fill(score)
        page.get_by_role("button", name="採点を保存する").click()
        page.get_by_text("採点を保存しました。").wait_for()
        if page.url != category_url:
            page.goto(category_url)

    # Weights 3 and 1: (9×3 + 7) / 4 × 10 = 85 and (6×3 + 10) / 4 × 10 = 70.
    assert [e.reviews.get(judge=judge).weighted_score for e in entries] == [85, 70]
    listing = page.locator("main").inner_text()
    assert "未採点" not in listing and "85" in listing and "70" in listing

    # The judge's own scores download by code, still without names.
    export = page.get_by_role("link", name=re.compile("CSV")).get_attribute("href")
    csv = page.request.get(base + export).text()
    assert entries[0].code in csv and entries[1].code in csv
    assert_blind(csv)

    # Nor can the judge look the entrants up in the admin.
    assert page.request.get(base + "/admin/contests/entry/").status in (403, 404)
    assert page.request.get(base + f"/admin/contests/entry/{entries[0].pk}/change/").status in (
        403,
        404,
    )
