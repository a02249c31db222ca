# ruff: noqa: E501 - demo prose in Japanese reads better unbroken
"""Demo Eco Academy: three courses (children, adults, municipal staff), bilingual in part.

`scale="large"` adds courses until there are 300 lessons (issue 10's benchmark set).
"""

import datetime

from django.utils import timezone

from news.demo import demo_picture
from news.models import Article

from .models import Audience, Course, Lesson, Level

LARGE_LESSON_COUNT = 300

COURSES = [
    {
        "slug": "kids-warming",
        "audience": Audience.CHILDREN,
        "level": Level.INTRODUCTORY,
        "title_ja": "こどもエコ教室：地球があたたかくなるって？",
        "title_en": "Kids' eco class: why is the Earth warming?",
        "description_ja": "シーナとかれんといっしょに、地球温暖化のしくみと、家でできることを学ぼう。",
        "description_en": "Learn with Sheena and Karen how global warming works and what you can do at home.",
        "lessons": [
            (
                "地球温暖化ってなに？",
                "What is global warming?",
                "空気の中の二酸化炭素がふえると、地球は毛布をかけたようにあたたかくなります。",
                "地球は太陽の光であたためられています。二酸化炭素などの**温室効果ガス**がふえると、"
                "熱が宇宙ににげにくくなり、地球の気温が上がります。\n\n"
                "気温が上がると、大雨や猛暑がふえ、生きもののくらしも変わってしまいます。",
                "ちきゅうが　あつく　なって　います。\n\nくうきの　なかの　「にさんかたんそ」が　ふえたからです。",
            ),
            (
                "ゴーヤでグリーンカーテンをつくろう",
                "Grow a green curtain of goya",
                "つるをのばすゴーヤを窓の外に育てると、夏の部屋がすずしくなります。",
                "5月ごろにゴーヤの種をまき、ネットにつるをはわせます。葉っぱが日ざしをさえぎって、"
                "部屋の温度が上がりにくくなります。実がなったら、ゴーヤチャンプルーにして食べられます。",
                "ゴーヤを　まどの　そとで　そだてよう。\n\nはっぱが　ひかげを　つくります。",
            ),
            (
                "電気を大切につかおう",
                "Use electricity with care",
                "使っていない部屋の電気を消すだけで、二酸化炭素がへります。",
                "電気の多くは、石油や天然ガスをもやしてつくられています。電気を大切に使うことは、"
                "地球温暖化をふせぐことにつながります。",
                "",
            ),
            (
                "東京の森林をたんけんしよう",
                "Explore Tokyo's forests",
                "東京には、奥多摩や檜原村に広い森林があります。森は二酸化炭素をすってくれます。",
                "東京都の面積のおよそ4割は森林です。木は大きくなるときに二酸化炭素をすいこみます。"
                "間伐（木を間引くこと）をして森を元気にすることも大切です。",
                "とうきょうにも　もりが　あります。\n\nきは　にさんかたんそを　すいます。",
            ),
        ],
    },
    {
        "slug": "home-energy",
        "audience": Audience.ADULTS,
        "level": Level.INTRODUCTORY,
        "title_ja": "家庭でできる省エネ・脱炭素",
        "title_en": "Saving energy and cutting carbon at home",
        "description_ja": "家庭から出るCO2は東京の排出量の約3割。毎日のくらしでできる対策を学びます。",
        "description_en": "",
        "lessons": [
            (
                "家庭のCO2はどこから出ているか",
                "Where a household's CO2 comes from",
                "電気・ガス・ガソリン・ごみ。家庭の排出量の内訳を知りましょう。",
                "家庭のCO2排出の多くは電気の使用によるものです。次いで給湯や暖房のガス・灯油、"
                "自動車のガソリン、ごみの焼却が続きます。",
                "",
            ),
            (
                "照明と家電の買い替え",
                "Replacing lights and appliances",
                "LED照明や省エネ家電への買い替えは、効果の大きい対策です。",
                "白熱電球をLEDに替えると消費電力は約8割減ります。冷蔵庫やエアコンは10年前の製品より"
                "大きく効率が上がっています。",
                "",
            ),
            (
                "住まいの断熱",
                "Insulating your home",
                "窓の断熱で冷暖房の効率が上がります。",
                "熱の出入りが最も大きいのは窓です。内窓の設置や断熱フィルムで、冷暖房のエネルギーを"
                "減らせます。区市町村の助成制度も確認しましょう。",
                "",
            ),
        ],
    },
    {
        "slug": "ghg-inventory",
        "audience": Audience.STAFF,
        "level": Level.INTERMEDIATE,
        "title_ja": "職員研修：温室効果ガス排出量算定の基礎",
        "title_en": "Staff training: basics of the greenhouse gas inventory",
        "description_ja": "62市区町村共通の標準算定手法を、部門別の按分の考え方から学びます。",
        "description_en": "The shared standard calculation method of the 62 municipalities, from sector "
        "apportioning onwards.",
        "lessons": [
            (
                "活動量×排出係数",
                "Activity times emission factor",
                "排出量算定の基本式と、排出係数の選び方。",
                "排出量は「活動量×排出係数」で求めます。電気の排出係数は電気事業者ごと・年度ごとに変わる"
                "ため、どの年度の係数を使ったかを必ず記録します。",
                "",
            ),
            (
                "按分による推計",
                "Estimating by apportioning",
                "市区町村別のデータがない部門は、都全体の値を指標で按分します。",
                "製造業は製造品出荷額等、家庭は世帯数、自動車は保有台数などの指標で按分します。",
                "",
            ),
            (
                "版の管理と再計算",
                "Editions and recalculation",
                "統計や係数の改訂に合わせ、1990年度からの系列を再計算します。",
                "公表値は算定の版に属します。前の版を上書きせず、版の間の差を説明できるようにします。",
                "",
            ),
        ],
    },
]


def seed(*, scale: str, out) -> None:
    created = 0
    related = list(Article.objects.filter(title_ja__contains="ゴーヤ").order_by("pk")[:1]) + list(
        Article.objects.filter(title_ja__contains="森林").order_by("pk")[:1]
    )
    for position, spec in enumerate(COURSES):
        course, course_created = Course.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "title_ja": spec["title_ja"],
                "title_en": spec["title_en"],
                "description_ja": spec["description_ja"],
                "description_en": spec["description_en"],
                "audience": spec["audience"],
                "level": spec["level"],
                "position": position,
                "cover_image": demo_picture(position + 2),
                "cover_image_alt_ja": "緑の丘と青空のイラスト",
                "cover_image_alt_en": "Illustration of green hills under a blue sky",
                "is_published": True,
            },
        )
        if not course_created:
            continue
        for number, (title_ja, title_en, summary_ja, body_ja, plain) in enumerate(
            spec["lessons"], start=1
        ):
            english = bool(spec["title_en"]) and number % 2 == 1
            lesson = Lesson.objects.create(
                course=course,
                position=number,
                title_ja=title_ja,
                title_en=title_en if english else "",
                summary_ja=summary_ja,
                summary_en=title_en + "." if english else "",
                body_ja=body_ja,
                body_en=f"{title_en}. (English summary; the full lesson is in Japanese.)"
                if english
                else "",
                plain_japanese_body=plain,
                is_published=True,
                published_at=timezone.now() - datetime.timedelta(days=200 - number * 10),
            )
            if "ゴーヤ" in title_ja or "森林" in title_ja:
                lesson.related_articles.set(
                    [a for a in related if ("ゴーヤ" in a.title_ja) == ("ゴーヤ" in title_ja)]
                )
            created += 1
    if created:
        out.write(f"Academy: {created} demo lessons in {len(COURSES)} courses.")
    if scale in ("large", "xlarge"):  # the same 300 lessons at both
        _seed_large(out)


def _seed_large(out) -> None:
    missing = LARGE_LESSON_COUNT - Lesson.objects.count()
    if missing <= 0:
        return
    per_course = 10
    audiences = list(Audience)
    start = Course.objects.count()
    lessons = []
    for offset in range((missing + per_course - 1) // per_course):
        number = start + offset + 1
        course = Course.objects.create(
            slug=f"bench-course-{number}",
            title_ja=f"環境講座 第{number}回シリーズ",
            description_ja="森林・省エネ・ごみ減量について順に学ぶ講座です。",
            audience=audiences[number % len(audiences)],
            position=number,
            is_published=True,
        )
        for position in range(1, min(per_course, missing - len(lessons)) + 1):
            lessons.append(
                Lesson(
                    course=course,
                    position=position,
                    title_ja=f"第{position}課 森林と暮らし",
                    summary_ja="森林が二酸化炭素を吸収するしくみを学びます。",
                    body_ja="森林は二酸化炭素を吸収します。" * 60,
                    is_published=True,
                    published_at=timezone.now() - datetime.timedelta(days=position),
                )
            )
    Lesson.objects.bulk_create(lessons, batch_size=1000)
    out.write(f"Academy: {len(lessons)} benchmark lessons.")
