# ruff: noqa: E501 - demo prose in Japanese reads better unbroken
"""Demo eco news: bilingual articles of all three kinds, with pictures drawn by code.

`scale="large"` adds the benchmark set of issue 10 (10,000 articles) with bulk inserts, `xlarge`
that of issue 20 (100,000).
"""

import datetime
import io
import math
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from core.fiscal import TOKYO
from core.storage import private_storage
from municipalities.models import Municipality

from .models import Article, Category, Kind, Status, Tag

ARTICLES_AT_SCALE = {"large": 10_000, "xlarge": 100_000}
INSERT_BATCH = 10_000

CATEGORIES = [
    ("climate", "地球温暖化対策", "Climate action"),
    ("nature", "自然・みどり", "Nature and greenery"),
    ("waste", "ごみ・資源", "Waste and resources"),
    ("energy", "エネルギー", "Energy"),
    ("learning", "環境学習", "Environmental learning"),
]
TAGS = [
    ("green-curtain", "グリーンカーテン", "Green curtains"),
    ("forest-therapy", "森林セラピー", "Forest therapy"),
    ("plastic-bags", "レジ袋削減", "Fewer plastic bags"),
    ("carbon-offset", "カーボン・オフセット", "Carbon offset"),
    ("energy-saving", "省エネ", "Energy saving"),
    ("wildlife", "生きもの", "Wildlife"),
]

# (kind, category, tags, municipality codes, title ja, title en, lead ja, lead en, body ja)
ARTICLES = [
    (
        Kind.TOPIC,
        "nature",
        ["green-curtain"],
        [],
        "ゴーヤの種を62市区町村で配布しました",
        "Goya seeds handed out in all 62 municipalities",
        "夏の暑さをやわらげるグリーンカーテンづくりのため、共通啓発物品としてゴーヤの種を各市区町村の窓口で配布しました。",
        "To grow green curtains against the summer heat, goya seeds were handed out at the counters "
        "of every municipality.",
        "## グリーンカーテンとは\n\nゴーヤやアサガオなどのつる性植物を窓の外に育て、日差しをさえぎる"
        "「緑のカーテン」です。室温の上昇をおさえ、冷房の使用を減らせます。\n\n"
        "## 配布について\n\n- 配布場所：各市区町村の環境担当窓口\n- 数量：1世帯1袋（先着順）\n\n"
        "ゴーヤの育て方は[エコアカデミー](/academy/)でも紹介しています。",
    ),
    (
        Kind.TOPIC,
        "nature",
        ["forest-therapy"],
        ["133086", "133078"],
        "奥多摩町・檜原村で森林セラピー体験講座を開催",
        "Forest therapy courses in Okutama and Hinohara",
        "東京の森林に親しむ体験型一般公開講座として、奥多摩町と檜原村で森林セラピーのプログラムを実施しました。",
        "A public hands-on course let participants enjoy the forests of Okutama and Hinohara.",
        "森林セラピーは、森林の中を歩き、五感で自然を感じることで心身をリラックスさせる取組です。\n\n"
        "参加者は森林セラピーガイドの案内で、沢沿いの道をゆっくり歩きました。"
        "「都内にこんな森があるとは知らなかった」という声が多く聞かれました。\n\n"
        "| 会場 | 参加者数 |\n|---|---|\n| 奥多摩町 | 38人 |\n| 檜原村 | 31人 |",
    ),
    (
        Kind.TOPIC,
        "waste",
        ["plastic-bags"],
        [],
        "レジ袋削減キャンペーンを実施しています",
        "",
        "62市区町村が共同でレジ袋の削減を呼びかけています。マイバッグの持参にご協力ください。",
        "",
        "レジ袋の削減は、ごみを減らし、石油資源の節約にもつながります。\n\n"
        "店頭用のカウンタースタンドを各市区町村に配布しました。お買い物の際はマイバッグをお持ちください。",
    ),
    (
        Kind.TOPIC,
        "climate",
        ["carbon-offset"],
        [],
        "釜石市のJ-VERクレジットで会議のCO2をオフセット",
        "Offsetting our meetings with J-VER credits from Kamaishi",
        "共同事業の会議やイベントで排出されるCO2を、岩手県釜石市の森林で生まれたクレジットでオフセットしました。",
        "The CO2 of the joint project's meetings and events was offset with credits from the forests "
        "of Kamaishi, Iwate.",
        "カーボン・オフセットとは、削減しきれない温室効果ガスの排出量を、"
        "他の場所での削減・吸収量で埋め合わせる考え方です。\n\n"
        "今年度は会議・イベントの推計排出量に相当するクレジットを無効化しました。",
    ),
    (
        Kind.ACTIVITY,
        "learning",
        ["wildlife"],
        ["132012"],
        "高尾山のふもとで子どもたちが生きもの調査",
        "Children survey wildlife at the foot of Mt Takao",
        "みどり体験交流事業として、小学生が八王子市の里山で昆虫や植物を観察しました。",
        "In the nature exchange program, primary-school children observed insects and plants in "
        "Hachioji's satoyama.",
        "夏休みの一日、子どもたちは網と虫かごを手に里山を歩きました。"
        "見つけた生きものは記録用紙にまとめ、最後にみんなで発表しました。",
    ),
    (
        Kind.ACTIVITY,
        "energy",
        ["energy-saving"],
        ["131041"],
        "商店街で省エネ相談会",
        "Energy-saving advice in a shopping street",
        "地域の商店街で、照明や空調の省エネについて専門家に相談できる会を開きました。",
        "",
        "LED照明への切り替えや空調の温度設定の見直しで、電気代と温室効果ガスの両方を減らせます。",
    ),
    (
        Kind.ACTIVITY,
        "nature",
        ["wildlife"],
        ["133612", "134015"],
        "島しょ地域の海岸清掃に多くのボランティア",
        "Many volunteers clean the island beaches",
        "大島町と八丈町の海岸で、住民と観光客が一緒に漂着ごみを拾いました。",
        "Residents and visitors picked up washed-ashore litter on the beaches of Oshima and Hachijo.",
        "海岸に流れ着くごみの多くはプラスチックです。回収したごみは種類ごとに分けて記録しました。",
    ),
    (
        Kind.TOPIC,
        "learning",
        [],
        [],
        "TOKYO EARTH WORKERS collection 環境活動コンテストの作品を募集",
        "Entries wanted for the TOKYO EARTH WORKERS environmental activity contest",
        "企業・学校・地域団体の環境活動を募集します。本選ではグランプリなどを決定します。",
        "Companies, schools and community groups are invited to enter their environmental activities.",
        "応募は[コンテスト](/contests/)のページから。書類による予備審査ののち、本選で発表していただきます。",
    ),
]

INITIATIVE_SUBJECTS = [
    ("公共施設への太陽光発電の導入", "Solar panels on public buildings", "energy"),
    ("学校の緑のカーテンコンテスト", "A green-curtain contest of the schools", "nature"),
    ("森林の間伐材を使ったベンチづくり", "Benches made from forest thinnings", "nature"),
    ("家庭の省エネ診断", "Home energy check-ups", "energy"),
    ("生ごみの堆肥化モデル事業", "A model project for composting kitchen waste", "waste"),
]
INITIATIVE_MUNICIPALITIES = [
    "131016",
    "131091",
    "131121",
    "132012",
    "132021",
    "132098",
    "132250",
    "133035",
    "134015",
    "131130",
    "132039",
    "133051",
]


CAMERA_SIZE = (4000, 3000)


def _picture(seed: int, size: tuple[int, int] = (1200, 675)) -> ContentFile:
    """A landscape drawn by code: sky, hills, a sun and leaves, different for each seed.

    At camera size it gets a photo's texture and grain as well, so its JPEG and the renditions
    made from it weigh about what a real photo's do (1.6 MB; 20 KB at 480 px wide).
    """
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    width, height = size
    scale = width / 1200
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top = (rng.randint(120, 200), rng.randint(180, 230), 255)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(c * (1 - t) + 240 * t) for c in top))
    draw.ellipse([s * scale for s in (900, 80, 1040, 220)], fill=(255, 214, 90))
    for layer in range(3):
        green = (40 + layer * 30, 110 + layer * 35, 60 + layer * 15)
        base = (380 + layer * 90) * height / 675
        points = [(0, height)]
        phase = rng.random() * math.tau
        for x in range(0, width + 40, 40):
            wave = math.sin(x / scale / (180 + layer * 60) + phase)
            points.append((x, base + 50 * scale * wave))
        points.append((width, height))
        draw.polygon(points, fill=green)
    for _ in range(12):
        x, y = rng.randint(0, width), rng.randint(int(420 * height / 675), height)
        draw.ellipse([x, y, x + 36 * scale, y + 18 * scale], fill=(30, 90 + rng.randint(0, 80), 40))
    if size == CAMERA_SIZE:
        texture = Image.effect_noise((width // 6, height // 6), 60).resize(size)
        image = Image.blend(image, texture.convert("RGB"), 0.18)
        image = Image.blend(image, Image.effect_noise(size, 30).convert("RGB"), 0.06)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88 if size == CAMERA_SIZE else 80)
    return ContentFile(buffer.getvalue())


def demo_picture(index: int, *, camera: bool = False) -> str:
    """Storage name of demo picture `index`, drawn once (at a camera's 4000×3000 if asked).

    Kept where every upload field keeps its originals (private storage): pages show renditions.
    """
    name = f"demo/{'photo' if camera else 'news'}-{index:02d}.jpg"
    if not private_storage.exists(name):
        private_storage.save(name, _picture(index, CAMERA_SIZE if camera else (1200, 675)))
    return name


def _use_camera_pictures() -> None:
    """The benchmark sets show camera-sized photos, so their pages go through real renditions."""
    for index in range(12):
        Article.objects.filter(hero_image=demo_picture(index)).update(
            hero_image=demo_picture(index, camera=True)
        )


def _seed_taxonomy() -> tuple[dict, dict]:
    categories = {}
    for position, (slug, ja, en) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name_ja": ja, "name_en": en, "position": position}
        )
    tags = {}
    for slug, ja, en in TAGS:
        tags[slug], _ = Tag.objects.get_or_create(
            slug=slug, defaults={"name_ja": ja, "name_en": en}
        )
    return categories, tags


def _moment(days_ago: int) -> datetime.datetime:
    now = datetime.datetime.now(tz=TOKYO).replace(hour=10, minute=0, second=0, microsecond=0)
    return now - datetime.timedelta(days=days_ago)


def seed(*, scale: str, out) -> None:
    categories, tags = _seed_taxonomy()
    created = 0
    for index, row in enumerate(ARTICLES * 3):
        kind, category, tag_slugs, codes, title_ja, title_en, lead_ja, lead_en, body_ja = row
        round_number = index // len(ARTICLES)
        if round_number:
            year = ["", "（昨年度）", "（一昨年度）"][round_number]
            title_ja = f"{title_ja}{year}"
            title_en = (
                f"{title_en} ({['', 'last year', 'two years ago'][round_number]})"
                if title_en
                else ""
            )
        if Article.objects.filter(title_ja=title_ja).exists():
            continue
        article = Article.objects.create(
            kind=kind,
            status=Status.PUBLISHED,
            title_ja=title_ja,
            title_en=title_en,
            lead_ja=lead_ja,
            lead_en=lead_en if title_en else "",
            body_ja=body_ja,
            body_en=(lead_en + "\n\n" + "(Summary in English; the full text is in Japanese.)")
            if title_en
            else "",
            hero_image=demo_picture(index % 12),
            hero_image_alt_ja="緑の丘と青空のイラスト",
            hero_image_alt_en="Illustration of green hills under a blue sky",
            category=categories[category],
            published_at=_moment(index * 11 + round_number * 365),
        )
        article.tags.set([tags[s] for s in tag_slugs])
        article.municipalities.set(codes)
        created += 1
    created += _seed_initiatives(categories)
    if created:
        out.write(f"News: {created} demo articles.")
    if scale in ARTICLES_AT_SCALE:
        _seed_large(categories, out, ARTICLES_AT_SCALE[scale])
        _use_camera_pictures()


def _seed_initiatives(categories) -> int:
    names = dict(Municipality.objects.values_list("code", "name_ja"))
    names_en = dict(Municipality.objects.values_list("code", "name_en"))
    created = 0
    for index, code in enumerate(INITIATIVE_MUNICIPALITIES):
        subject_ja, subject_en, category = INITIATIVE_SUBJECTS[index % len(INITIATIVE_SUBJECTS)]
        title_ja = f"{names[code]}の取組：{subject_ja}"
        if Article.objects.filter(title_ja=title_ja).exists():
            continue
        published_at = _moment(20 + index * 97)
        series_number = (
            Article.objects.filter(municipality_id=code).exclude(series_number=None).count() + 1
        )
        article = Article.objects.create(
            kind=Kind.INITIATIVE,
            status=Status.PUBLISHED,
            title_ja=title_ja,
            title_en=f"{names_en[code]}: {subject_en}" if index % 2 == 0 else "",
            lead_ja=f"{names[code]}が進める「{subject_ja}」を紹介します。",
            lead_en=f"How {names_en[code]} works on {subject_en.lower()}."
            if index % 2 == 0
            else "",
            body_ja=(
                f"## 取組の概要\n\n{names[code]}では、{subject_ja}に取り組んでいます。"
                "共同事業の助成金を活用し、地域の事業者や学校と連携して進めています。\n\n"
                "## 成果\n\n- 参加した住民：約300人\n- 削減できたCO2：年間約12トン（推計）\n\n"
                "## 今後の予定\n\n来年度は対象を広げ、効果を検証します。"
            ),
            hero_image=demo_picture((index + 5) % 12),
            hero_image_alt_ja=f"{subject_ja}のイメージ図",
            category=categories[category],
            municipality_id=code,
            series_number=series_number,
            as_of=published_at.date() - datetime.timedelta(days=14),
            published_at=published_at,
        )
        article.municipalities.set([code])
        created += 1
    return created


def _seed_large(categories, out, total: int) -> None:
    """`total` published articles spread over 62 municipalities and ten fiscal years."""
    existing = Article.objects.count()
    missing = total - existing
    if missing <= 0:
        return
    codes = list(Municipality.objects.values_list("code", flat=True))
    category_list = list(categories.values())
    pictures = [demo_picture(i, camera=True) for i in range(12)]
    kinds = [Kind.TOPIC, Kind.ACTIVITY, Kind.TOPIC]
    subjects = ["森林", "ゴーヤ", "省エネ", "生きもの", "ごみ減量", "太陽光", "打ち水", "里山"]
    through = Article.municipalities.through
    for first in range(0, missing, INSERT_BATCH):
        articles = []
        for number in range(first, min(first + INSERT_BATCH, missing)):
            subject = subjects[number % len(subjects)]
            articles.append(
                Article(
                    kind=kinds[number % len(kinds)],
                    status=Status.PUBLISHED,
                    title_ja=f"{subject}に関するお知らせ 第{number + 1}号",
                    title_en=f"News about {subject} no. {number + 1}" if number % 3 == 0 else "",
                    lead_ja=f"{subject}についての地域の取組を紹介します。",
                    lead_en="A local initiative." if number % 3 == 0 else "",
                    body_ja=f"## {subject}\n\n" + f"{subject}の取組を続けています。" * 20,
                    body_en="",
                    hero_image=pictures[number % len(pictures)],
                    hero_image_alt_ja="緑の丘と青空のイラスト",
                    category=category_list[number % len(category_list)],
                    published_at=_moment(30 + number * 3650 // missing),
                )
            )
        created = Article.objects.bulk_create(articles, batch_size=2000)
        through.objects.bulk_create(
            [
                through(article_id=article.pk, municipality_id=codes[(first + i) % len(codes)])
                for i, article in enumerate(created)
            ],
            batch_size=5000,
        )
    out.write(f"News: {missing:,} benchmark articles.")
