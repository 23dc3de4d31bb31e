#!/usr/bin/env python3
"""Generate a large, realistic federation site for benchmarking Rentai.

    python3 bench/generate.py --notices 10000 --out /tmp/gen10k [--seed 1] [--years 5]

writes
    DIR/content/site.yaml          feed_items and page_size left at Rentai's defaults (20 and 20)
    DIR/content/org.yaml           the 9 real blocks and 47 councils of 情報労連, 3 roles,
                                   200 unions (≈5 everywhere, ≈30 in 10–30 councils,
                                   the rest regional, in 1–5 councils)
    DIR/content/notices/YYYY/nnnnn.md   the notices, dated over the history (below)
    DIR/members.csv                with --subscribers N: N subscribers (email,name,council,union,role)
                                   spread over the profiles, user000001@example.org …, ≈3% with
                                   non-ASCII (Japanese) names; site.yaml then gains a digest: section

History. --notices is a RATE: the number of notices in five years. --years N (default 5) spreads
notices at that rate over the N years ending 2026-11-25 20:00, so it writes round(notices × N / 5)
of them in all: `--notices 10000 --years 10` writes 20,000 notices from 2016-11-25 20:00 on. The
default history is exactly the five years 2021-11-25 20:00 … 2026-11-25 20:00 (end excluded).
Each year of history has its own random stream, so the newest five years hold the same notices
whatever N is (numbered from the oldest, so their numbers shift): twice the history is the same
site with five older years added, and bench/run's comparison measures only what history adds.

    python3 bench/generate.py --notices 10000 --subscribers 200000 --out /tmp/gen10k

    python3 bench/generate.py --notices 1000 --hugo --out /tmp/gen1k [--now "2026-11-26 12:00"]

also writes DIR/hugo/, the peer bench/run measures Rentai against: the notices Rentai publishes at
--now as a Hugo site that does the job Rentai's output of SPEC §6/§15 does:
    DIR/hugo/hugo.toml             two taxonomies, `profiles` and `layers`; no sections, lists of
                                   terms, sitemap, robots.txt or 404
    DIR/hugo/layouts/              copied from bench/hugo/layouts/
    DIR/hugo/data/profiles.json    every profile's name (council / union / role)
    DIR/hugo/data/layers.json      every layer's name, and for every profile the layers it reads
    DIR/hugo/content/notices/<slug>.md   each notice Rentai publishes at --now (not the drafts, not
                                   those dated later), at the same slug, with the same title, date,
                                   summary, from, deadline, event, tags and body, plus
                                     profiles: every profile it reaches (`rentai reach --list`)
                                     layers:   every layer it is filed in that some profile reads
                                     archived: true when it expires at or before --now (SPEC §4)
                                     pinned, and upcoming_deadline / upcoming_event: its deadline
                                     and event start when still ahead at --now, while active
So Hugo renders
    a page per notice (n/…), as Rentai does;
    per profile term, ONE page: its pinned active notices, then its newest 20 other active
      notices, what is coming up, and a link to each of its layers (Rentai's portal and all/
      page, less the JavaScript), and an RSS feed of its newest 20 active notices, full content;
    per layer term, its notices (active and archived, archived marked) newest first, paginated
      by 20; no feed (Rentai's l/<place>/<union>/<role>/, less its index.json);
    the home page, a directory of profiles.
Term names: a profile is `<council>_<union>_<role>`, a layer `<place>_<union>_<role>` with place
`all`, `block-<id>` or `council-<id>` and union and role an id or `all`. Ids are
[a-z0-9][a-z0-9-]* (SPEC §3), so `_` never occurs in one: the names are unambiguous, and Hugo
keeps them as they are in URLs (profiles/tokyo_ntt_member/, layers/council-tokyo_all_officer/).
Hugo has terms only for the profiles and layers some notice reaches; Rentai builds every profile.

    python3 bench/generate.py --notices 1000 --hugo --out /tmp/gen1k --self-check

then reads back what it wrote and checks the peer against SPEC §4 and §15 by brute force (each
notice's profiles and layers; each profile's layers hold exactly the notices that reach it).

Standard library only; the same arguments give the same bytes. Every id used exists and every
notice reaches at least one profile, so `rentai build --site DIR` must succeed.
DIR/content/notices/ is replaced on each run, and so is DIR/hugo/ (removed without --hugo); a DIR
that holds a content/ or hugo/ folder this script did not write is refused (so that a mistyped
--out cannot wipe a real site).
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import sys
import time

MARKER = ".rentai-bench"
HUGO_LAYOUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hugo", "layouts")

# ---------------------------------------------------------------------------------------------
# Organisation: the real blocks and councils

BLOCKS = [
    ("hokkaido", "北海道ブロック支部", [("hokkaido", "北海道")]),
    ("tohoku", "東北ブロック支部", [("aomori", "青森県"), ("iwate", "岩手県"), ("miyagi", "宮城県"),
                                 ("akita", "秋田県"), ("yamagata", "山形県"), ("fukushima", "福島県")]),
    ("kanto-shinetsu", "関東信越ブロック支部", [
        ("ibaraki", "茨城県"), ("tochigi", "栃木県"), ("gunma", "群馬県"), ("saitama", "埼玉県"),
        ("chiba", "千葉県"), ("tokyo", "東京都"), ("kanagawa", "神奈川県"), ("yamanashi", "山梨県"),
        ("niigata", "新潟県"), ("nagano", "長野県")]),
    ("tokai", "東海ブロック支部", [("gifu", "岐阜県"), ("shizuoka", "静岡県"), ("aichi", "愛知県"), ("mie", "三重県")]),
    ("hokuriku", "北陸ブロック支部", [("toyama", "富山県"), ("ishikawa", "石川県"), ("fukui", "福井県")]),
    ("kinki", "近畿ブロック支部", [("shiga", "滋賀県"), ("kyoto", "京都府"), ("osaka", "大阪府"),
                               ("hyogo", "兵庫県"), ("nara", "奈良県"), ("wakayama", "和歌山県")]),
    ("chugoku", "中国ブロック支部", [("tottori", "鳥取県"), ("shimane", "島根県"), ("okayama", "岡山県"),
                                  ("hiroshima", "広島県"), ("yamaguchi", "山口県")]),
    ("shikoku", "四国ブロック支部", [("tokushima", "徳島県"), ("kagawa", "香川県"), ("ehime", "愛媛県"), ("kochi", "高知県")]),
    ("kyushu", "九州ブロック支部", [("fukuoka", "福岡県"), ("saga", "佐賀県"), ("nagasaki", "長崎県"),
                                 ("kumamoto", "熊本県"), ("oita", "大分県"), ("miyazaki", "宮崎県"),
                                 ("kagoshima", "鹿児島県"), ("okinawa", "沖縄県")]),
]
COUNCILS = [c for _, _, cs in BLOCKS for c, _ in cs]
COUNCIL_NAME = {c: p + "協議会" for _, _, cs in BLOCKS for c, p in cs}
PREF_FULL = {c: p for _, _, cs in BLOCKS for c, p in cs}
PREF = {c: (p[:-1] if p[-1] in "県府都" else p) for _, _, cs in BLOCKS for c, p in cs}
BLOCK_OF = {c: b for b, _, cs in BLOCKS for c, _ in cs}
BLOCK_NAME = {b: n for b, n, _ in BLOCKS}
BLOCK_COUNCILS = {b: [c for c, _ in cs] for b, _, cs in BLOCKS}
BLOCK_SHORT = {"hokkaido": "北海道", "tohoku": "東北", "kanto-shinetsu": "関東信越", "tokai": "東海",
               "hokuriku": "北陸", "kinki": "近畿", "chugoku": "中国", "shikoku": "四国", "kyushu": "九州"}
NEIGHBOUR_BLOCKS = {"hokkaido": ["tohoku"], "tohoku": ["hokkaido", "kanto-shinetsu"],
                    "kanto-shinetsu": ["tohoku", "tokai"], "tokai": ["kanto-shinetsu", "kinki", "hokuriku"],
                    "hokuriku": ["tokai", "kinki"], "kinki": ["tokai", "chugoku", "shikoku"],
                    "chugoku": ["kinki", "shikoku", "kyushu"], "shikoku": ["chugoku", "kinki"],
                    "kyushu": ["chugoku"]}
CITY = {"hokkaido": "札幌市", "miyagi": "仙台市", "tokyo": "東京都千代田区", "kanagawa": "横浜市",
        "saitama": "さいたま市", "chiba": "千葉市", "aichi": "名古屋市", "osaka": "大阪市", "kyoto": "京都市",
        "hyogo": "神戸市", "hiroshima": "広島市", "fukuoka": "福岡市", "niigata": "新潟市",
        "ishikawa": "金沢市", "okayama": "岡山市", "kagawa": "高松市", "ehime": "松山市",
        "kumamoto": "熊本市", "okinawa": "那覇市", "shizuoka": "静岡市", "nagano": "長野市"}

ROLES = [("member", "組合員", []), ("officer", "役員", ["member"]), ("contact", "窓口", ["officer"])]


def role_closure():
    """Each role with every role it includes, transitively (contact ⊇ officer ⊇ member)."""
    direct = {r: set(inc) for r, _, inc in ROLES}
    closure = {}
    for r in direct:
        seen, todo = {r}, list(direct[r])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo += direct[x]
        closure[r] = seen
    return closure


ROLE_CLOSURE = role_closure()

NATIONAL_PREFIX = [("nihon", "日本"), ("zenkoku", "全国"), ("chuo", "中央"), ("daiichi", "第一"),
                   ("shinsei", "新生"), ("mirai", "未来"), ("sogo", "総合"), ("kyodo", "協同"),
                   ("yuai", "友愛"), ("heiwa", "平和"), ("sakura", "さくら"), ("hikari", "ひかり"),
                   ("nippon", "ニッポン"), ("asahi", "旭"), ("taiyo", "太陽")]
REGION_PREFIX = {
    "hokkaido": [("hokkai", "北海"), ("sapporo", "札幌"), ("doto", "道東"), ("donan", "道南")],
    "tohoku": [("tohoku", "東北"), ("michinoku", "みちのく"), ("ou", "奥羽"), ("sanriku", "三陸")],
    "kanto-shinetsu": [("kanto", "関東"), ("shutoken", "首都圏"), ("joetsu", "上越"), ("shinshu", "信州"),
                       ("boso", "房総"), ("shonan", "湘南")],
    "tokai": [("tokai", "東海"), ("chubu", "中部"), ("enshu", "遠州"), ("owari", "尾張")],
    "hokuriku": [("hokuriku", "北陸"), ("kaga", "加賀"), ("etchu", "越中")],
    "kinki": [("kinki", "近畿"), ("kansai", "関西"), ("hanshin", "阪神"), ("kishu", "紀州"), ("omi", "近江")],
    "chugoku": [("chugoku", "中国"), ("sanyo", "山陽"), ("sanin", "山陰"), ("bisan", "備讃")],
    "shikoku": [("shikoku", "四国"), ("seto", "瀬戸"), ("nankai", "南海"), ("awa", "阿波")],
    "kyushu": [("kyushu", "九州"), ("nishi-nihon", "西日本"), ("chikuzen", "筑前"), ("ryukyu", "琉球"),
               ("satsuma", "薩摩")],
}
INDUSTRIES = [("tsushin", "通信"), ("tsuken", "通信建設"), ("densetsu", "電設"), ("joho", "情報"),
              ("system", "システム"), ("soft", "ソフトウェア"), ("net", "ネットワーク"), ("data", "データ"),
              ("call", "コールセンター"), ("bus", "バス"), ("kotsu", "交通"), ("unyu", "運輸"),
              ("iryo", "医療"), ("kaigo", "介護"), ("fukushi", "福祉"), ("insatsu", "印刷"),
              ("hoso", "放送"), ("keibi", "警備"), ("bldg", "ビルメンテナンス"), ("cable", "ケーブルテレビ")]

def channels_yaml(unions, n, seed):
    """content/channels.yaml with n channels of the shapes a federation has: a union's group in one
    council (most), its officers there, a block's officers, a union's whole membership, a few
    federation-wide ones. Addresses are environment variables that nobody sets: `notify` without
    --send never reads them."""
    rng = random.Random(f"rentai-bench-channels:{seed}")
    lines = ["channels:"]
    for i in range(1, n + 1):
        uid, _, cs = rng.choice(unions)
        councils = COUNCILS if cs == "all" else cs
        shape = rng.random()
        keys = {}
        if shape < 0.55:
            keys = {"council": rng.choice(councils), "union": uid}
        elif shape < 0.80:
            keys = {"council": rng.choice(councils), "union": uid, "role": "officer"}
        elif shape < 0.92:
            keys = {"block": rng.choice([b for b, _, _ in BLOCKS]), "role": rng.choice(["officer", "contact"])}
        elif shape < 0.99:
            keys = {"union": uid}
        text = ", ".join(f"{k}: {v}" for k, v in keys.items())
        lines.append(f"  - {{ id: ch-{i:05d}, name: チャンネル{i}, {text + ', ' if text else ''}url_env: RENTAI_CH_{i:05d} }}")
    return "\n".join(lines) + "\n"


def build_unions(rng, count=200):
    """Return a list of (id, name, councils) where councils is 'all' or a list of council ids."""
    unions = [
        ("ntt", "NTT労働組合", "all"),
        ("tsuken", "通建連合", "all"),
        ("kddi", "KDDI労働組合", ["tokyo", "kanagawa", "saitama", "chiba", "aichi", "osaka", "hyogo",
                                "fukuoka", "miyagi", "hiroshima", "hokkaido"]),
        ("softbank", "ソフトバンク労働組合", ["hokkaido", "saitama", "chiba", "tokyo", "kanagawa", "aichi",
                                       "kyoto", "osaka", "hyogo", "hiroshima", "fukuoka"]),
    ]
    used = {u[0] for u in unions}

    def name_of(prefix_kanji, ind_kanji):
        suffix = rng.choice(["労働組合", "労働組合", "労働組合", "ユニオン", "労組"])
        return prefix_kanji + ind_kanji + suffix

    def fresh(prefixes):
        for _ in range(1000):
            (pr, pk), (ir, ik) = rng.choice(prefixes), rng.choice(INDUSTRIES)
            uid = f"{pr}-{ir}"
            if uid not in used:
                used.add(uid)
                return uid, name_of(pk, ik)
        raise SystemExit("generate.py: ran out of union names")

    n_all, n_wide = 5, 30
    # ≈5 present everywhere (ntt, tsuken + 3), ≈30 in 10–30 councils (kddi, softbank + 28)
    for _ in range(n_all - 2):
        uid, name = fresh(NATIONAL_PREFIX)
        unions.append((uid, name, "all"))
    for _ in range(n_wide - 2):
        uid, name = fresh(NATIONAL_PREFIX)
        k = rng.randint(10, 30)
        cs = set(rng.sample(COUNCILS, k))
        unions.append((uid, name, [c for c in COUNCILS if c in cs]))
    # the rest: regional unions in 1–5 neighbouring councils
    while len(unions) < count:
        home = rng.choice(COUNCILS)
        block = BLOCK_OF[home]
        if rng.random() < 0.5:
            prefixes = [(home, PREF[home])]
        else:
            prefixes = REGION_PREFIX[block]
        uid, name = fresh(prefixes)
        k = rng.choice([1, 1, 1, 2, 2, 3, 4, 5])
        pool = [c for c in BLOCK_COUNCILS[block] if c != home]
        if len(pool) < k - 1:
            for nb in NEIGHBOUR_BLOCKS[block]:
                pool += BLOCK_COUNCILS[nb]
        cs = {home} | set(rng.sample(pool, min(k - 1, len(pool))))
        unions.append((uid, name, [c for c in COUNCILS if c in cs]))
    return unions


def org_yaml(unions):
    w = ["# 情報労連（情報産業労働組合連合会）— bench/generate.py が生成", "", "roles:"]
    for rid, name, inc in ROLES:
        w.append(f"  - id: {rid}")
        w.append(f"    name: {name}")
        if inc:
            w.append(f"    includes: [{', '.join(inc)}]")
    w.append("blocks:")
    for bid, bname, cs in BLOCKS:
        w += [f"  - id: {bid}", f"    name: {bname}", "    councils:"]
        for cid, _ in cs:
            w.append(f"      - {{ id: {cid}, name: {COUNCIL_NAME[cid]} }}")
    w.append("unions:")
    for uid, name, cs in unions:
        w += [f"  - id: {uid}", f"    name: {name}",
              "    councils: " + ("all" if cs == "all" else "[" + ", ".join(cs) + "]")]
    return "\n".join(w) + "\n"


SITE_TITLE = "情報労連 お知らせポータル（ベンチマーク）"
BASE_URL = "https://bench.example.org/"
# site.yaml leaves feed_items and page_size at Rentai's defaults (SPEC §2); the Hugo peer uses these
FEED_ITEMS = 20
PAGE_SIZE = 20
SITE_YAML = f"""title: {SITE_TITLE}
base_url: {BASE_URL}
language: ja
timezone: Asia/Tokyo
"""

DIGEST_YAML = """digest:
  from: "情報労連 <noreply@bench.example.org>"
  reply_to: office@bench.example.org
  unsubscribe: "mailto:office@bench.example.org?subject=unsubscribe"
  reminder_window_days: 7
  sendmail: "/usr/sbin/sendmail -t -oi"
"""

# ---------------------------------------------------------------------------------------------
# Subscribers (members.csv)

FAMILY = [("Sato", "佐藤"), ("Suzuki", "鈴木"), ("Takahashi", "高橋"), ("Tanaka", "田中"), ("Ito", "伊藤"),
          ("Watanabe", "渡辺"), ("Yamamoto", "山本"), ("Nakamura", "中村"), ("Kobayashi", "小林"),
          ("Kato", "加藤"), ("Yoshida", "吉田"), ("Yamada", "山田"), ("Sasaki", "佐々木"), ("Yamaguchi", "山口"),
          ("Matsumoto", "松本"), ("Inoue", "井上"), ("Kimura", "木村"), ("Hayashi", "林"), ("Shimizu", "清水"),
          ("Yamazaki", "山崎"), ("Mori", "森"), ("Abe", "阿部"), ("Ikeda", "池田"), ("Hashimoto", "橋本"),
          ("Ishikawa", "石川"), ("Ogawa", "小川"), ("Okada", "岡田"), ("Goto", "後藤"), ("Hasegawa", "長谷川"),
          ("Fujita", "藤田"), ("Kondo", "近藤"), ("Murakami", "村上"), ("Endo", "遠藤"), ("Aoki", "青木"),
          ("Sakamoto", "坂本"), ("Saito", "斎藤"), ("Fukuda", "福田"), ("Ota", "太田"), ("Nishimura", "西村"),
          ("Higa", "比嘉"), ("Kinjo", "金城"), ("Oshiro", "大城")]
GIVEN = [("Taro", "太郎"), ("Hanako", "花子"), ("Kenji", "健二"), ("Yumi", "由美"), ("Makoto", "誠"),
         ("Akiko", "明子"), ("Hiroshi", "博"), ("Naoko", "直子"), ("Daisuke", "大輔"), ("Megumi", "恵"),
         ("Shota", "翔太"), ("Ryoko", "涼子"), ("Takeshi", "健"), ("Sachiko", "幸子"), ("Kazuya", "和也"),
         ("Yuki", "由紀"), ("Haruto", "陽翔"), ("Yui", "結衣"), ("Sota", "颯太"), ("Aoi", "葵"), ("Ren", "蓮"),
         ("Mei", "芽依"), ("Takuya", "拓也"), ("Misaki", "美咲"), ("Satoshi", "聡"), ("Kumiko", "久美子"),
         ("Noboru", "昇"), ("Emi", "恵美"), ("Jun", "純"), ("Ayaka", "彩花")]
# heavier unions have more members per council
UNION_WEIGHT = {"ntt": 10, "tsuken": 6, "kddi": 8, "softbank": 8}
ROLE_WEIGHTS = [("member", 85), ("officer", 12), ("contact", 3)]


def write_subscribers(path, unions, n, seed):
    """N rows over the profiles, deterministic for a seed, with its own random stream (so that the
    notices stay byte-identical with or without --subscribers)."""
    rng = random.Random(f"rentai-bench-subscribers:{seed}")
    pairs, cum, total = [], [], 0
    for uid, _, cs in unions:
        w = UNION_WEIGHT.get(uid, 3 if cs == "all" else 1)
        for c in (COUNCILS if cs == "all" else cs):
            pairs.append((c, uid))
            total += w
            cum.append(total)
    where = rng.choices(pairs, cum_weights=cum, k=n)
    roles = rng.choices([r for r, _ in ROLE_WEIGHTS], weights=[w for _, w in ROLE_WEIGHTS], k=n)
    fam = rng.choices(FAMILY, k=n)
    giv = rng.choices(GIVEN, k=n)
    rnd = rng.random
    width = max(6, len(str(n)))
    out = ["email,name,council,union,role"]
    append = out.append
    for i in range(n):
        (fr, fk), (gr, gk) = fam[i], giv[i]
        name = f"{fk} {gk}" if rnd() < 0.03 else f"{gr} {fr}"
        c, u = where[i]
        append(f"user{i + 1:0{width}d}@example.org,{name},{c},{u},{roles[i]}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


# ---------------------------------------------------------------------------------------------
# Notice text

TOPICS = {
    # name: (title patterns, tags, shape)
    "seminar": (["{fy}年度 {season}セミナー開催のご案内", "{theme}に関する学習会のご案内",
                 "{season}の役員研修会について", "組合員向け{theme}セミナー（WEB併用）のお知らせ"],
                ["seminar", "training"], "event"),
    "survey": (["{theme}に関するアンケートへのご協力のお願い", "{fy}年 {theme}実態調査の実施について",
                "職場点検活動（{theme}）の集約について"], ["survey"], "deadline"),
    "shunto": (["{sy}春季生活闘争 要求提出にあたって", "{sy}春闘 中間集計（第{n}回）について",
                "{sy}春闘 職場討論集会の開催について", "{sy}春季生活闘争 方針の確認について"],
               ["shunto", "wage"], "plain"),
    "safety": (["【緊急】大雨に伴う組合員の安否確認について", "【緊急】地震に伴う安否確認のお願い",
                "【重要】台風接近に伴う安全確保について", "【緊急】大雪に伴う通勤・作業時の安全確保について"],
               ["safety", "disaster"], "urgent"),
    "assembly": (["第{n}回 定期総会の開催について", "第{n}回 定期大会 代議員の選出について",
                  "{fy}年度 定期総会の議案書について"], ["assembly"], "event"),
    "camp": (["青年委員会 {season}交流キャンプ（1泊2日）", "女性委員会 合同研修会（1泊2日）のご案内",
              "{fy}年度 新任役員合宿研修について"], ["youth", "training"], "allday"),
    "minwage": (["最低賃金の引き上げを求める街頭宣伝行動について", "地域総行動への参加のお願い"],
                ["minimum-wage", "campaign"], "short-event"),
    "report": (["{theme}に関する労使協議の報告", "{fy}年度 活動報告", "{season}の意見交換会 開催報告",
                "{theme}に関する中央執行委員会の確認事項"], ["report"], "plain"),
    "welfare": (["共済加入推進月間の取り組みについて", "{fy}年度 福利厚生制度の改定について",
                 "ライフプランセミナーのご案内"], ["welfare"], "deadline"),
    "election": (["政策制度要求の取り組みについて", "組織内議員との意見交換会のご案内"],
                 ["election", "policy"], "event"),
    "office": (["年末年始の事務局業務について", "夏季休業期間中の事務局業務について",
                "事務局の移転・連絡先変更について"], ["office"], "plain"),
}
TOPIC_WEIGHTS = [("seminar", 18), ("survey", 14), ("shunto", 10), ("safety", 3), ("assembly", 8),
                 ("camp", 5), ("minwage", 4), ("report", 20), ("welfare", 8), ("election", 5), ("office", 5)]
THEMES = ["リモートワーク", "長時間労働の是正", "ハラスメント防止", "メンタルヘルス", "両立支援",
          "賃金制度", "人材育成", "DX推進と雇用", "カスタマーハラスメント", "安全衛生", "組織拡大",
          "組合員とのコミュニケーション", "ジェンダー平等", "60歳以降の働き方", "フリーランス保護"]
SEASON_OF_MONTH = {m: ("冬季", "春季", "夏季", "秋季")[m % 12 // 3] for m in range(1, 13)}
VENUES = ["勤労者福祉会館 大会議室", "労働会館 3階ホール", "市民会館 第1会議室", "労働者福祉会館 研修室",
          "オンライン（Zoom）", "オンライン（Teams）", "県協事務所 会議室", "ホテル会議場"]

SENTENCES = [
    "ここ数年、アンケートや調査活動の回答数が以前に比べて低減しています。",
    "交代制の職場や事業場が離れている組合も多く、情報が組合員に届くまでに時間がかかっています。",
    "WEB会議の活用により、これまで地域限定だった集会にも全国から参加できるようになりました。",
    "会社業務の繁忙期には、組合からの連絡が仕事のメールに埋もれてしまうとの声も寄せられています。",
    "在宅勤務をはじめとするリモートワークが定着し、職場での声かけの機会が減っています。",
    "物価上昇が続くなか、実質賃金の確保は引き続き最大の課題です。",
    "規模や雇用形態による格差の是正に向け、中小・関連企業の仲間の底上げを重視します。",
    "職場の実態と組合員の声を出発点に、労使協議に臨みます。",
    "一部の役員に負担が集中しない組織運営をめざし、業務の見直しを進めています。",
    "各加盟組合・県協の積極的なご参加をお願いします。",
    "ご不明な点は、所属組合の役員または県協事務局までお問い合わせください。",
    "資料は当日配布するほか、終了後にポータルにも掲載します。",
    "育児・介護中の方のために、WEBでの部分参加にも対応します。",
    "集約結果は次回の執行委員会で報告し、今後の取り組みに反映します。",
    "安全を最優先に行動し、無理な出勤や作業は控えてください。",
    "労使で確認した内容は、職場の掲示板と機関紙でもお知らせします。",
    "ハラスメントのない職場づくりに向けて、相談窓口の周知を徹底してください。",
    "通信インフラを支える仲間として、地域の復旧・復興に力を合わせましょう。",
    "参加費は無料です。交通費は各県協の規程により精算します。",
    "運営の都合上、申込期限を過ぎた場合は事務局へ直接ご相談ください。",
]
SECTION_TITLES = ["背景", "取り組みの内容", "今後の進め方", "参加にあたって", "職場での確認事項", "参考資料"]


def fmt_dt(d, rng):
    r = rng.random()
    if r < 0.7:
        return d.strftime("%Y-%m-%d %H:%M")
    if r < 0.9:
        return d.strftime("%Y-%m-%d")
    return d.strftime("%Y-%m-%dT%H:%M:00+09:00")


def jdate(d):
    return f"{d.month}月{d.day}日（{'月火水木金土日'[d.weekday()]}）"



def as_list(v):
    """A front-matter value that may be one item or a list, as a list."""
    return v if isinstance(v, list) else [v]


def atom_councils(place):
    """The councils a layer's place atom names: `all`, `block-<id>` or `council-<id>`."""
    if place == "all":
        return COUNCILS
    kind, _, ident = place.partition("-")
    return BLOCK_COUNCILS[ident] if kind == "block" else [ident]


def profile_layers(council, union, role):
    """The layers profile (council, union, role) reads (SPEC §15): place all, its block or its
    council; union all or its own; role all or one its role includes (itself too)."""
    roles = ["all"] + [r for r, _, _ in ROLES if r in ROLE_CLOSURE[role]]
    return [(p, u, r) for p in ("all", f"block-{BLOCK_OF[council]}", f"council-{council}")
            for u in ("all", union) for r in roles]


class NoticeGen:
    def __init__(self, rng, unions):
        self.rng = rng
        self.unions = unions
        self.union_name = {u: n for u, n, _ in unions}
        self.union_councils = {u: (COUNCILS if cs == "all" else cs) for u, n, cs in unions}
        self.union_ids = [u for u, _, _ in unions]

    def target(self):
        """Pick the audience: returns (kind, fm dict entries, issuer name, a council for venues)."""
        rng = self.rng
        r = rng.random()
        fm = {}
        if r < 0.10:
            return "federation", fm, rng.choice(["情報労連 中央本部", "情報労連 組織局", "情報労連 政策局",
                                                 "情報労連 事務局"]), rng.choice(["tokyo", None])
        if r < 0.30:
            b = rng.choice(BLOCKS)[0]
            bs = [b]
            if rng.random() < 0.2:
                bs.append(rng.choice(NEIGHBOUR_BLOCKS[b]))
            fm["block"] = bs[0] if len(bs) == 1 and rng.random() < 0.6 else bs
            if rng.random() < 0.15:
                fm["role"] = "officer"
            return "block", fm, BLOCK_NAME[b], rng.choice(BLOCK_COUNCILS[b])
        if r < 0.60:
            c = rng.choice(COUNCILS)
            cs = [c]
            k = rng.choice([1, 1, 1, 2, 3])
            pool = [x for x in BLOCK_COUNCILS[BLOCK_OF[c]] if x != c]
            cs += rng.sample(pool, min(k - 1, len(pool)))
            fm["council"] = cs[0] if len(cs) == 1 and rng.random() < 0.5 else cs
            if rng.random() < 0.15:
                fm["role"] = rng.choice(["officer", "contact"])
            return "council", fm, COUNCIL_NAME[c], c
        if r < 0.90:
            u = rng.choice(self.union_ids)
            us = [u]
            if rng.random() < 0.1:
                other = rng.choice(self.union_ids)
                if other != u:
                    us.append(other)
            fm["union"] = us[0] if len(us) == 1 and rng.random() < 0.6 else us
            ucs = self.union_councils[u]
            c = rng.choice(ucs)
            if rng.random() < 0.4:
                cs = [c] + rng.sample([x for x in ucs if x != c], min(rng.randint(0, 2), len(ucs) - 1))
                fm["council"] = cs[0] if len(cs) == 1 else cs
            if rng.random() < 0.3:
                fm["role"] = "officer"
            return "union", fm, self.union_name[u] + rng.choice(["", " 本部", " 執行委員会"]), c
        role = "officer" if rng.random() < 0.7 else "contact"
        fm["role"] = role if rng.random() < 0.7 else [role]
        return "role", fm, "情報労連 組織局", None

    @staticmethod
    def place(fm):
        """The councils a notice's `block` and `council` name, or None for everywhere."""
        if "block" not in fm and "council" not in fm:
            return None
        place = set(as_list(fm.get("council", [])))
        for b in as_list(fm.get("block", [])):
            place |= set(BLOCK_COUNCILS[b])
        return place

    def reaches(self, fm):
        place = self.place(fm)
        us = as_list(fm["union"]) if "union" in fm else self.union_ids
        return any(place is None or place.intersection(self.union_councils[u]) for u in us)

    def profiles(self, fm):
        """Every (council, union, role) the notice reaches, by SPEC §4 (place, union and role
        ANDed, a missing key meaning everyone; a role reaches the roles that include it): the set
        `rentai reach --list` prints, in org order."""
        place = self.place(fm)
        us = set(as_list(fm["union"])) if "union" in fm else None
        listed = set(as_list(fm["role"])) if "role" in fm else None
        roles = [r for r, _, _ in ROLES if listed is None or ROLE_CLOSURE[r] & listed]
        return [(c, u, r) for u in self.union_ids if us is None or u in us
                for c in self.union_councils[u] if place is None or c in place
                for r in roles]

    def layers(self, fm):
        """The layers (place, union, role) the notice is filed in by SPEC §15, one atom of each
        dimension, less those no profile reads (Rentai writes no such layer). Every role includes
        itself, so (place, union, role) is read by some profile iff place or union is `all` or
        some council of the place has that union. (A notice for two unions in the first one's
        councils would otherwise be filed in the second one's layers there, which nobody reads.)"""
        place = ["all"] if "block" not in fm and "council" not in fm else \
            [f"block-{b}" for b in as_list(fm.get("block", []))] + \
            [f"council-{c}" for c in as_list(fm.get("council", []))]
        unions = as_list(fm["union"]) if "union" in fm else ["all"]
        roles = as_list(fm["role"]) if "role" in fm else ["all"]
        return [(p, u, r) for p in dict.fromkeys(place) for u in dict.fromkeys(unions)
                for r in dict.fromkeys(roles)
                if p == "all" or u == "all" or set(atom_councils(p)) & set(self.union_councils[u])]

    def table(self):
        rng = self.rng
        kind = rng.random()
        if kind < 0.5:
            rows = ["| 年代 | 平均月例賃金 | 前年比 |", "| --- | ---: | ---: |"]
            base = rng.randint(230, 260) * 1000
            for i, age in enumerate(["20代", "30代", "40代", "50代"]):
                v = base + i * rng.randint(40, 70) * 1000 + rng.randint(0, 999)
                rows.append(f"| {age} | {v:,}円 | +{rng.randint(10, 50) / 10:.1f}% |")
        else:
            rows = ["| 県協 | 対象人数 | 回答数 | 回答率 |", "| --- | ---: | ---: | ---: |"]
            for c in rng.sample(COUNCILS, rng.randint(3, 8)):
                n = rng.randint(80, 3000)
                a = rng.randint(n // 5, n)
                rows.append(f"| {COUNCIL_NAME[c]} | {n:,} | {a:,} | {100 * a / n:.1f}% |")
        return "\n".join(rows)

    def section(self):
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            return "".join(rng.sample(SENTENCES, rng.randint(2, 4)))
        if r < 0.55:
            k = rng.randint(3, 6)
            return "\n".join(f"- {t}：{x}" for t, x in zip(rng.sample(THEMES, k), rng.sample(SENTENCES, k)))
        if r < 0.7:
            return "\n".join(f"{i}. {x}" for i, x in enumerate(rng.sample(SENTENCES, rng.randint(2, 5)), 1))
        if r < 0.85:
            return self.table()
        if r < 0.93:
            return "\n".join(f"- [{'x' if rng.random() < 0.4 else ' '}] {t}の確認"
                             for t in rng.sample(THEMES, rng.randint(3, 5)))
        return f"## {rng.choice(SECTION_TITLES)}\n\n" + "".join(rng.sample(SENTENCES, 2))

    def notice(self, date):
        rng = self.rng
        topic = rng.choices([t for t, _ in TOPIC_WEIGHTS], [w for _, w in TOPIC_WEIGHTS])[0]
        titles, tags, shape = TOPICS[topic]
        kind, fm_target, issuer, venue_council = self.target()
        fy = date.year if date.month >= 4 else date.year - 1
        sy = date.year + 1 if date.month >= 10 else date.year
        m = date.month
        if topic == "shunto" and 5 <= m <= 9:
            topic = "report"
            titles, tags, shape = TOPICS[topic]
        if topic == "safety":   # the hazard follows the season
            titles = [titles[1]] + ([titles[0]] if 6 <= m <= 9 else []) + ([titles[2]] if 7 <= m <= 10 else []) \
                + ([titles[3]] if m in (12, 1, 2) else [])
        elif topic == "office":
            titles = ([titles[0]] if m in (11, 12) else [titles[1]] if m in (7, 8) else
                      [titles[2], "お知らせポータルの定期メンテナンスについて", "事務局体制の変更について",
                       f"機関紙{m}月号の発行について"])
        season = SEASON_OF_MONTH[m]
        title = rng.choice(titles).format(fy=fy, sy=sy, season=season, theme=rng.choice(THEMES),
                                          n=rng.randint(10, 70))
        fm = {"title": title, "date": fmt_dt(date, rng)}
        fm.update(fm_target)
        if rng.random() < 0.85:
            fm["from"] = issuer
        lines = []
        city = CITY.get(venue_council, PREF_FULL.get(venue_council, "") + "内") if venue_council else "東京都千代田区"
        if shape in ("event", "allday", "short-event"):
            start_day = date.date() + dt.timedelta(days=rng.randint(10, 60))
            venue = rng.choice(VENUES)
            location = venue if venue.startswith("オンライン") else f"{city} {venue}"
            if shape == "allday":
                end_day = start_day + dt.timedelta(days=1)
                event = {"start": start_day.isoformat(), "end": end_day.isoformat(), "location": location}
                last = end_day
                when = f"{jdate(start_day)}〜{jdate(end_day)}（1泊2日）"
            else:
                h, m = rng.choice([(10, 0), (13, 0), (13, 30), (14, 0), (18, 30), (19, 0)])
                st = dt.datetime.combine(start_day, dt.time(h, m))
                event = {"start": st.strftime("%Y-%m-%d %H:%M")}
                when = f"{jdate(start_day)} {h}:{m:02d}〜"
                if shape != "short-event":
                    en = st + dt.timedelta(minutes=rng.choice([90, 120, 150, 180, 210]))
                    event["end"] = en.strftime("%Y-%m-%d %H:%M")
                    when += f"{en.hour}:{en.minute:02d}"
                event["location"] = location
                last = start_day
            if rng.random() < 0.8:
                dl = start_day - dt.timedelta(days=rng.randint(3, 9))
                if dl > date.date():
                    fm["deadline"] = dl.isoformat()
            fm["event"] = event
            fm["expires"] = (last + dt.timedelta(days=1)).isoformat()
            lines.append(f"{jdate(start_day)}、{location}で開催します。下記をご確認ください。" + rng.choice(SENTENCES))
            lines.append(f"- 日時：{when}\n- 会場：{location}\n- 対象：{rng.choice(['組合員', '役員', '青年層の組合員', '各組合の窓口役員'])}")
        elif shape == "deadline":
            dl = date.date() + dt.timedelta(days=rng.randint(7, 28))
            fm["deadline"] = dl.isoformat()
            if rng.random() < 0.5:
                fm["expires"] = (dl + dt.timedelta(days=rng.randint(1, 30))).isoformat()
            lines.append(f"「{title}」について、ご協力をお願いします。回答・申込の期限は{jdate(dl)}です。"
                         + rng.choice(SENTENCES))
        elif shape == "urgent":
            fm["pinned"] = True
            fm["deadline"] = (date + dt.timedelta(days=rng.randint(2, 4))).strftime("%Y-%m-%d %H:00")
            fm["expires"] = (date.date() + dt.timedelta(days=rng.randint(20, 40))).isoformat()
            lines.append("被災された皆さまに心からお見舞い申し上げます。対象地域の加盟組合は、組合員とご家族の安否確認を"
                         "各組合の連絡網で行い、状況を県協を通じて報告してください。")
        else:
            if rng.random() < 0.25:
                fm["expires"] = (date.date() + dt.timedelta(days=rng.randint(14, 120))).isoformat()
            lines.append("".join(rng.sample(SENTENCES, 2)))
        if "pinned" not in fm and rng.random() < 0.01:
            fm["pinned"] = True
            fm.setdefault("expires", (date.date() + dt.timedelta(days=rng.randint(7, 30))).isoformat())
        if rng.random() < 0.6:
            fm["summary"] = lines[0].split("。")[0] + "。"
        if rng.random() < 0.7:
            t = list(tags) if rng.random() < 0.6 else [tags[0]]
            if rng.random() < 0.3:
                t.append(rng.choice(["remote-work", "communication", "youth", "women", "dx"]))
            fm["tags"] = t
        # body length: log-uniform between ~300 bytes and ~10 KB for the whole file
        target = math.exp(rng.uniform(math.log(300), math.log(10000)))
        text = render(fm, lines)
        while len(text.encode("utf-8")) < target:
            lines.append(self.section())
            text = render(fm, lines)
        while len(text.encode("utf-8")) > 10240 and len(lines) > 1:
            lines.pop()
            text = render(fm, lines)
        return kind, fm, text, body_of(lines)


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(v) + "]"
    return str(v)


def render(fm, lines):
    out = ["---"]
    for k, v in fm.items():
        if k == "event":
            out.append("event:")
            for ek, ev in v.items():
                out.append(f"  {ek}: {ev}")
        else:
            out.append(f"{k}: {yaml_value(v)}")
    out.append("---")
    return "\n".join(out) + "\n" + body_of(lines)


def body_of(lines):
    return "\n\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# The Hugo peer: the same notices as a Hugo site

def hugo_config():
    return f"""# The Hugo peer of the Rentai benchmark, written by bench/generate.py --hugo
baseURL = "{BASE_URL}"
languageCode = "ja"
defaultContentLanguage = "ja"
title = "{SITE_TITLE}"
timeZone = "Asia/Tokyo"
hasCJKLanguage = true       # automatic summaries counted in characters, not in words
paginate = {PAGE_SIZE}               # a layer's page, Rentai's page_size; a profile's page calls no paginator
# generate.py left out what Rentai does not publish at --now, whatever today's date; expired
# notices stay published (Rentai keeps their pages and lists them in layers), marked `archived`.
buildFuture = true
buildExpired = true
# Rentai's job and no more: a page per notice, a page and a feed per profile, the pages of each
# layer, the home page (its directory of profiles). No section pages, lists of terms, sitemap,
# robots.txt or 404.
disableKinds = ["section", "taxonomy", "sitemap", "robotsTXT", "404"]
ignoreErrors = ["error-disable-taxonomy"]   # "taxonomy" is meant: the list of terms, not the terms

[taxonomies]                # replaces the default tags and categories
profile = "profiles"
layer = "layers"

[outputs]
home = ["HTML"]
page = ["HTML"]
term = ["HTML", "RSS"]      # a profile's page and feed; layers drop the feed below

[[cascade]]                 # a layer has pages but no feed (SPEC §15)
outputs = ["HTML"]
[cascade._target]
path = "/layers/**"

[params]
feedItems = {FEED_ITEMS}              # Rentai's feed_items, used by layouts/_default/rss.xml
pageSize = {PAGE_SIZE}               # Rentai's page_size: a portal's notices besides the pinned ones

# GitHub Flavored Markdown, as Rentai renders it with cmark-gfm: Goldmark would otherwise add
# typographic quotes, footnotes and definition lists.
[markup.goldmark.extensions]
typographer = false
footnote = false
definitionList = false
"""


# Term names join ids with "_", which no id holds ([a-z0-9][a-z0-9-]*, SPEC §3), so a name says
# which profile or layer it is even when ids have hyphens; Hugo keeps "_" as is in URLs.
ROLE_NAME = {r: n for r, n, _ in ROLES}


def hugo_term(atoms):
    """`tokyo_ntt_member` for a profile, `block-kinki_all_officer` for a layer."""
    assert not any("_" in a for a in atoms), atoms
    return "_".join(atoms)


def layer_name(layer, union_name):
    """A layer's name for people, as SPEC §15 titles it: 全体, 関東信越ブロック支部, 東京都協議会 · KDDI労働組合, 役員向け."""
    place, union, role = layer
    parts = []
    if place != "all":
        kind, _, ident = place.partition("-")
        parts.append(BLOCK_NAME[ident] if kind == "block" else COUNCIL_NAME[ident])
    if union != "all":
        parts.append(union_name[union])
    if role != "all":
        parts.append(ROLE_NAME[role] + "向け")
    return " · ".join(parts) or "全体"


def publish_time(s):
    """The moment Rentai reads from a date fmt_dt wrote, as a naive Asia/Tokyo datetime."""
    if len(s) == 10:
        return dt.datetime.strptime(s, "%Y-%m-%d")
    return dt.datetime.strptime(s[:16], f"%Y-%m-%d{s[10]}%H:%M")   # any offset is +09:00


def deadline_time(s):
    """When a deadline passes: a date alone is due by the end of its day (SPEC §4)."""
    t = publish_time(s)
    return t + dt.timedelta(days=1) if len(s) == 10 else t


def hugo_time(t):
    # one fixed format, so that Hugo's templates may sort these as strings
    return t.strftime("%Y-%m-%dT%H:%M:%S+09:00")


def clear_hugo(root):
    """Remove a DIR/hugo/ this script wrote; refuse to touch one it did not."""
    if os.path.exists(root):
        if not os.path.exists(os.path.join(root, MARKER)):
            sys.exit(f"generate.py: {root} exists and was not written by this script; refusing to overwrite")
        shutil.rmtree(root)


class HugoSite:
    """DIR/hugo/: the notices Rentai publishes, as a Hugo site doing the same job. Hugo has no
    audiences, so each notice lists in a `profiles` taxonomy every profile it reaches and in a
    `layers` taxonomy every layer it is filed in; Hugo then renders a page per notice, a page and
    an RSS feed per profile term, and paginated pages per layer term, as Rentai renders a page per
    notice, a portal, all/ page and feed per profile, and the pages of each layer. What depends on
    the build time (archived, coming up) is decided here from --now and written as params, as
    Hugo knows no --now. Hugo has terms only for the profiles and layers some notice reaches;
    Rentai builds every profile of the organisation."""

    def __init__(self, root, unions, now):
        self.root = root
        self.now = now
        self.unions = unions
        self.notices = os.path.join(root, "content", "notices")
        shutil.copytree(HUGO_LAYOUTS, os.path.join(root, "layouts"))
        with open(os.path.join(root, MARKER), "w") as f:
            f.write("written by bench/generate.py --hugo\n")
        with open(os.path.join(root, "hugo.toml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(hugo_config())
        # the profiles' names, for the headings of term pages and feeds (Rentai's come from org.yaml)
        names = {hugo_term((c, u, r)): f"{COUNCIL_NAME[c]} / {un} / {ROLE_NAME[r]}"
                 for u, un, cs in unions for c in (COUNCILS if cs == "all" else cs) for r, _, _ in ROLES}
        os.makedirs(os.path.join(root, "data"))
        with open(os.path.join(root, "data", "profiles.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(names, f, ensure_ascii=False, sort_keys=True, indent=0)
        self.terms = set()
        self.layers = set()
        self.pages = 0
        self.archived = 0
        self.bytes = 0

    def add(self, slug, fm, body, profiles, layers):
        """Write content/notices/<slug>.md: Rentai's front matter in Hugo's terms, the same body."""
        q = lambda v: json.dumps(v, ensure_ascii=False)   # a JSON string is a YAML scalar
        terms = [hugo_term(p) for p in profiles]
        self.terms.update(terms)
        self.layers.update(layers)
        out = ["---", f"title: {q(fm['title'])}", "date: " + hugo_time(publish_time(fm["date"]))]
        # no expiryDate: Rentai keeps an expired notice's page and lists it in its layers
        for key in ("summary", "from", "deadline", "event", "tags"):
            if key in fm:
                out.append(f"{key}: {q(fm[key])}")
        archived = "expires" in fm and publish_time(fm["expires"]) <= self.now
        if archived:
            out.append("archived: true")
            self.archived += 1
        if fm.get("pinned"):
            out.append("pinned: true")
        if not archived:   # "coming up" lists active notices' deadlines and events still ahead
            if "deadline" in fm and deadline_time(fm["deadline"]) > self.now:
                out.append(f"upcoming_deadline: {hugo_time(deadline_time(fm['deadline']))}")
            if "event" in fm and publish_time(fm["event"]["start"]) > self.now:
                out.append(f"upcoming_event: {hugo_time(publish_time(fm['event']['start']))}")
        out += ["profiles: [" + ", ".join(terms) + "]",
                "layers: [" + ", ".join(hugo_term(x) for x in layers) + "]", "---"]
        data = ("\n".join(out) + "\n" + body).encode("utf-8")
        path = os.path.join(self.notices, slug + ".md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        self.pages += 1
        self.bytes += len(data)

    def finish(self):
        """data/layers.json: the name of each layer that holds a notice, and for each profile term
        the layers it reads that hold one, in SPEC §15's order (a profile page links each)."""
        union_name = {u: n for u, n, _ in self.unions}
        names = {hugo_term(x): layer_name(x, union_name) for x in self.layers}
        reads = {}
        for term in self.terms:
            held = [hugo_term(x) for x in profile_layers(*term.split("_")) if x in self.layers]
            if held:
                reads[term] = held
        with open(os.path.join(self.root, "data", "layers.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump({"names": names, "reads": reads}, f, ensure_ascii=False, sort_keys=True, indent=0)


# ---------------------------------------------------------------------------------------------
# --self-check: read back DIR/content and DIR/hugo and check the peer by SPEC §4 and §15, by
# brute force over every profile and independently of how NoticeGen and HugoSite worked it out.

def front_matter(path):
    """The top-level keys of a front matter this script wrote: `[a, b]` a list, `true` a bool,
    a JSON-quoted string unquoted; nested lines (event's) are skipped."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head = text.split("---\n", 2)[1]
    fm = {}
    for line in head.splitlines():
        if line.startswith(" ") or ":" not in line:
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            fm[key] = [x.strip() for x in value[1:-1].split(",") if x.strip()]
        elif value == "true":
            fm[key] = True
        elif value.startswith('"'):
            fm[key] = json.loads(value)
        else:
            fm[key] = value
    return fm


def read_org(path):
    """(roles: id -> includes, blocks: id -> councils, unions: id -> councils) from org.yaml."""
    roles, blocks, unions = {}, {}, {}
    section, current = None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith(" ") and line.endswith(":"):
                section = line[:-1]
            elif line.startswith("  - id: "):
                current = line[len("  - id: "):]
                {"roles": roles, "blocks": blocks, "unions": unions}[section][current] = []
            elif section == "roles" and line.startswith("    includes: ["):
                roles[current] = [x.strip() for x in line.split("[", 1)[1].rstrip("]").split(",")]
            elif section == "blocks" and line.startswith("      - { id: "):
                blocks[current].append(line.split("id: ", 1)[1].split(",", 1)[0])
            elif section == "unions" and line.startswith("    councils: "):
                value = line.split(": ", 1)[1]
                unions[current] = "all" if value == "all" else [x.strip() for x in value[1:-1].split(",")]
    return roles, blocks, unions


def self_check(out, now):
    t0 = time.time()
    roles, blocks, unions = read_org(os.path.join(out, "content", "org.yaml"))
    block_of = {c: b for b, cs in blocks.items() for c in cs}
    every_council = [c for cs in blocks.values() for c in cs]

    def includes(r):   # r and every role it includes, transitively
        seen, todo = set(), [r]
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo += roles[x]
        return seen

    closure = {r: includes(r) for r in roles}
    profiles = [(c, u, r) for u, cs in unions.items() for c in (every_council if cs == "all" else cs)
                for r in roles]
    # SPEC §15: the layers each profile reads
    reads = {p: {(pl, un, ro) for pl in ("all", "block-" + block_of[p[0]], "council-" + p[0])
                 for un in ("all", p[1]) for ro in {"all"} | closure[p[2]]} for p in profiles}
    read_by_someone = set().union(*reads.values())

    problems = []
    def problem(message):
        problems.append(message)

    # what Rentai publishes at --now, from the notices' own front matter
    source = os.path.join(out, "content", "notices")
    published = {}
    for folder, _, files in os.walk(source):
        for name in files:
            path = os.path.join(folder, name)
            fm = front_matter(path)
            if not fm.get("draft") and publish_time(fm["date"]) <= now:
                published[os.path.relpath(path, source)[:-3]] = fm
    peer_root = os.path.join(out, "hugo", "content", "notices")
    peer = {}
    for folder, _, files in os.walk(peer_root):
        for name in files:
            path = os.path.join(folder, name)
            peer[os.path.relpath(path, peer_root)[:-3]] = front_matter(path)
    if set(published) != set(peer):
        problem(f"Hugo has {len(peer)} notices, Rentai publishes {len(published)}; "
                f"e.g. {sorted(set(published) ^ set(peer))[:3]}")

    reach = {p: set() for p in profiles}     # profile -> slugs reaching it (SPEC §4)
    layer_notices = {}                       # layer -> slugs the peer files in it
    for slug, fm in sorted(published.items()):
        hugo = peer.get(slug)
        if hugo is None:
            continue
        blocks_listed, councils = set(as_list(fm.get("block", []))), set(as_list(fm.get("council", [])))
        us, rs = set(as_list(fm.get("union", []))), set(as_list(fm.get("role", [])))
        # SPEC §4, word for word: place, union and role ANDed, a missing key meaning everyone
        want = {(c, u, r) for c, u, r in profiles
                if (not blocks_listed and not councils or c in councils or block_of[c] in blocks_listed)
                and (not us or u in us) and (not rs or closure[r] & rs)}
        got = {tuple(t.split("_")) for t in hugo.get("profiles", [])}
        if not want:
            problem(f"{slug}: reaches no profile")
        if got != want:
            problem(f"{slug}: profiles {len(got)} in Hugo, {len(want)} by SPEC §4 "
                    f"(e.g. {sorted(got ^ want)[:2]})")
        for p in want:
            reach[p].add(slug)
        # SPEC §15: one atom of each dimension, less the layers nobody reads
        places = ["block-" + b for b in blocks_listed] + ["council-" + c for c in councils] or ["all"]
        filed = {(pl, un, ro) for pl in places for un in (us or {"all"}) for ro in (rs or {"all"})}
        want_layers = filed & read_by_someone
        got_layers = {tuple(t.split("_")) for t in hugo.get("layers", [])}
        if got_layers != want_layers:
            problem(f"{slug}: layers {sorted(got_layers)} in Hugo, {sorted(want_layers)} by SPEC §15")
        for layer in got_layers:
            layer_notices.setdefault(layer, set()).add(slug)
        archived = "expires" in fm and publish_time(fm["expires"]) <= now
        if bool(hugo.get("archived")) != archived:
            problem(f"{slug}: archived is {bool(hugo.get('archived'))} in Hugo, {archived} at --now")
        if bool(hugo.get("pinned")) != bool(fm.get("pinned")):
            problem(f"{slug}: pinned differs")
        if archived and ("upcoming_deadline" in hugo or "upcoming_event" in hugo):
            problem(f"{slug}: archived, yet coming up")
    # A profile's layers hold together exactly the notices that reach it: none that does not
    # (a layer is never a leak), none missing.
    for p in profiles:
        held = set().union(*(layer_notices.get(x, set()) for x in reads[p]))
        if held != reach[p]:
            problem(f"{'/'.join(p)}: its layers hold {len(held)} notices, {len(reach[p])} reach it "
                    f"(e.g. {sorted(held ^ reach[p])[:3]})")
    for message in problems[:20]:
        print(f"self-check: {message}", file=sys.stderr)
    if problems:
        sys.exit(f"generate.py: self-check failed: {len(problems)} problems")
    reached = sum(1 for p in profiles if reach[p])
    print(f"self-check: {len(peer)} Hugo notices agree with SPEC §4 and §15: {reached} of {len(profiles)} "
          f"profiles reached, {len(layer_notices)} layers, each profile's layers hold exactly its "
          f"notices ({time.time() - t0:.1f}s)")


# ---------------------------------------------------------------------------------------------

HISTORY_END = dt.datetime(2026, 11, 25, 20, 0)


def history(seed, notices, years):
    """(publish time, random stream) of every notice, oldest first: round(notices × years / 5)
    of them over the `years` years before HISTORY_END, on quarter hours between 08:00 and 20:45.
    Each year back from the end has its own count and its own random stream, which also writes
    its notices, so the newest five years are the same notices whatever `years` is: twice the
    history adds older notices and nothing else (only the notices' numbers shift)."""
    def upto(j):   # notices in the newest j years: notices × j / 5, rounded half up
        return (notices * j * 2 + 5) // 10
    for j in reversed(range(years)):   # oldest year first
        rng = random.Random(f"rentai-bench-notices:{seed}:{j}")
        start = HISTORY_END.replace(year=HISTORY_END.year - j - 1)
        end = HISTORY_END.replace(year=HISTORY_END.year - j)
        span = int((end - start).total_seconds() // 900)  # quarter hours
        dates = []
        while len(dates) < upto(j + 1) - upto(j):
            d = start + dt.timedelta(minutes=15 * rng.randrange(span))
            if d.hour < 8 or d.hour > 20:
                d = d.replace(hour=rng.randint(8, 19))
            if d >= start:   # a late evening on the first day moved into its morning, before start
                dates.append(d)
        for d in sorted(dates):
            yield d, rng


def main():
    ap = argparse.ArgumentParser(description="Generate a large realistic Rentai site for benchmarks.")
    ap.add_argument("--notices", type=int, default=1000,
                    help="notices per five years of history: the rate (default 1000)")
    ap.add_argument("--years", type=int, default=5, metavar="N",
                    help="years of history, ending 2026-11-25 20:00; round(notices × N / 5) notices "
                         "are written (default 5)")
    ap.add_argument("--out", required=True, help="site directory to write (DIR/content/...)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--unions", type=int, default=200, help="number of unions (default 200)")
    ap.add_argument("--subscribers", type=int, default=None, metavar="N",
                    help="also write DIR/members.csv with N subscribers spread over the profiles "
                         "(and a digest: section in site.yaml)")
    ap.add_argument("--channels", type=int, default=None, metavar="N",
                    help="also write content/channels.yaml with N chat channels (rentai notify)")
    ap.add_argument("--hugo", action="store_true",
                    help="also write DIR/hugo/, the same notices as a Hugo site (bench/run's peer)")
    ap.add_argument("--now", default="2026-11-26 12:00", metavar="TIME",
                    help="with --hugo: the build time, YYYY-MM-DD HH:MM in Asia/Tokyo; notices Rentai "
                         "would not publish then are left out of DIR/hugo/ (default: bench/run's, "
                         "2026-11-26 12:00)")
    ap.add_argument("--self-check", action="store_true",
                    help="with --hugo: then read back what was written and check the peer's profiles "
                         "and layers against SPEC §4 and §15 (slow beyond a few thousand notices)")
    a = ap.parse_args()
    if a.notices < 0 or a.unions < 35:
        ap.error("--notices must be >= 0 and --unions >= 35")
    if a.years < 1:
        ap.error("--years must be >= 1")
    if a.self_check and not a.hugo:
        ap.error("--self-check checks the Hugo peer: it needs --hugo")
    if a.subscribers is not None and a.subscribers < 0:
        ap.error("--subscribers must be >= 0")
    try:
        now = dt.datetime.strptime(a.now, "%Y-%m-%d %H:%M")
    except ValueError:
        ap.error("--now must be YYYY-MM-DD HH:MM")
    t0 = time.time()
    rng = random.Random(a.seed)

    content = os.path.join(a.out, "content")
    if os.path.exists(content) and not os.path.exists(os.path.join(a.out, MARKER)):
        sys.exit(f"generate.py: {content} exists and was not written by this script; refusing to overwrite")
    hugo_dir = os.path.join(a.out, "hugo")
    if a.hugo or os.path.exists(os.path.join(hugo_dir, MARKER)):
        clear_hugo(hugo_dir)  # before writing anything; and a stale peer would not match these notices
    os.makedirs(content, exist_ok=True)
    with open(os.path.join(a.out, MARKER), "w") as f:
        f.write("written by bench/generate.py\n")
    notices_dir = os.path.join(content, "notices")
    if os.path.exists(notices_dir):
        shutil.rmtree(notices_dir)

    unions = build_unions(rng, a.unions)
    with open(os.path.join(content, "site.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(SITE_YAML + (DIGEST_YAML if a.subscribers is not None else ""))
    with open(os.path.join(content, "org.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(org_yaml(unions))
    channels_path = os.path.join(content, "channels.yaml")
    if a.channels:
        with open(channels_path, "w", encoding="utf-8", newline="\n") as f:
            f.write(channels_yaml(unions, a.channels, a.seed))
    elif os.path.exists(channels_path):
        os.remove(channels_path)

    gen = NoticeGen(rng, unions)
    hugo = HugoSite(hugo_dir, unions, now) if a.hugo else None
    count = (a.notices * a.years * 2 + 5) // 10   # notices × years / 5, rounded half up
    width = max(5, len(str(count)))   # 00001 … 99999, then six digits
    kinds = {}
    total = 0
    made = set()
    for i, (d, gen.rng) in enumerate(history(a.seed, a.notices, a.years), 1):
        kind, fm, text, body = gen.notice(d)
        if not gen.reaches(fm):  # cannot happen by construction; keep the promise anyway
            raise SystemExit(f"generate.py: notice {i} reaches no profile: {fm}")
        kinds[kind] = kinds.get(kind, 0) + 1
        ydir = os.path.join(notices_dir, str(d.year))
        if ydir not in made:
            os.makedirs(ydir, exist_ok=True)
            made.add(ydir)
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(ydir, f"{i:0{width}d}.md"), "wb") as f:
            f.write(data)
        # Hugo gets what Rentai publishes at --now (this generator writes no drafts nor future
        # notices with the default --now; the test is the rule, not the generator's habits)
        if hugo and not fm.get("draft") and publish_time(fm["date"]) <= now:
            hugo.add(f"{d.year}/{i:0{width}d}", fm, body, gen.profiles(fm), gen.layers(fm))
    if hugo:
        hugo.finish()
    profiles = sum(len(COUNCILS if cs == "all" else cs) for _, _, cs in unions) * len(ROLES)
    mix = ", ".join(f"{k} {kinds.get(k, 0)}" for k in ("federation", "block", "council", "union", "role"))
    members = os.path.join(a.out, "members.csv")
    subs = ""
    if a.subscribers is not None:
        write_subscribers(members, unions, a.subscribers, a.seed)
        subs = f", {a.subscribers} subscribers in {members}"
    elif os.path.exists(members):
        os.remove(members)  # a stale list from an earlier run would not match these unions
    peer = ""
    if hugo:
        peer = (f"; Hugo peer: {hugo.pages} notices ({hugo.archived} archived), {len(hugo.terms)} "
                f"profile terms and {len(hugo.layers)} layer terms (those reached), "
                f"{hugo.bytes / 1e6:.1f} MB in {hugo_dir}")
    print(f"generate.py: {count} notices over {a.years} years ({mix}), {len(unions)} unions, "
          f"{profiles} profiles, {total / 1e6:.1f} MB in {content}{subs}{peer} "
          f"(seed {a.seed}, {time.time() - t0:.1f}s)")
    if a.self_check:
        self_check(a.out, now)


if __name__ == "__main__":
    main()
