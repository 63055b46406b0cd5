"""The meta stage: a parsed speech (+ its `.yml`) → `SpeechMeta`.

Read from what the text states, never guessed from nothing:

- the meeting's own name, from the title (`在……上的讲话`), the subtitle (`——在……上`), a title
  that is itself a genre (`政府工作报告`, `专题党课`) or the opening (`今天，我们召开……会议`);
- `meeting_type`: the meeting name classified by the taxonomy of `data/meta.yml`;
- `level`: the scope words and organs in the meeting name (`全县`, `市委`), `我代表县委…`, the
  speaker's office (`省长`), the organ named in the first lines of the opening;
- `date`/`year`: the date line, the subtitle, a date glued to the title, a year in the meeting
  name — never a page's publication time and never a year the body mentions as a fact;
- `speaker`/`office`: the speaker line (`省长 胡玉亭`, `陈  立  新`), a name glued to the title,
  a byline title (`县长刘建华在……上的讲话`);
- `topic`: the title and meeting name first, then the vocabulary of the whole speech.

Each inferred field keeps its evidence (the quoted text and its span); a `.yml` field wins.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..ingest import Meta
from ..model import UNKNOWN, MetaField, Role, Speech, SpeechMeta
from ..patterns import load_data
from ..textutil import to_simplified

# How far into the body the opening is read for the meeting's name.
OPENING_CHARS = 500
OPENING_PARAGRAPHS = 4
# Without a topic word in the title, the body's vocabulary needs this score, and this lead over
# the runner-up, to name the topic.
TOPIC_MIN_SCORE = 6.0
TOPIC_MIN_LEAD = 1.5
TOPIC_WORD_CAP = 8  # one word's count counts up to this

_SPACE_RE = re.compile(r"[ \t\u3000\u2003\u00a0]+")
_TITLE_SPACE_RE = re.compile(r"\s+")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
DATE_RE = re.compile(
    r"(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*"
    r"(?:(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?)?"
)
ISO_DATE_RE = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
MIN_YEAR, MAX_YEAR = 1949, 2100
NAME_OFFICE_RE = re.compile(r"^([\u4e00-\u9fff][\u4e00-\u9fff \t\u3000]{1,6})[（(]([^（）()]{2,30})[）)]$")
INSTITUTION_RE = re.compile(
    r"[^，。、]{0,8}?(?:中学|小学|大学|学院|学校|医院|集团|公司|银行|研究院|研究所|中心|党校)"
)
COMRADE_RE = re.compile(r"[ \t\u3000]*同志$")
# The organ the opening's first sentence names (`市委党校……今天开学了`) — unless the sentence
# relays another meeting (`传达学习了全国、全省……精神`).
FIRST_ORGAN_RE = re.compile(
    r"(?<![各])[省市县区镇乡](?:委|人民政府|政府)(?!员)|党中央|国务院|全院|全校|全局|全系统|全公司|全厂"
    r"|街道党工委|街道办事处|[镇乡]党委"
)
RELAYED_RE = re.compile(r"传达|学习|贯彻|落实|按照|根据")


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class NameRule:
    id: str
    where: str  # title | opening
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class LevelRule:
    level: str
    scope: re.Pattern[str]
    place: re.Pattern[str] | None
    office: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class TopicRule:
    topic: str
    title: re.Pattern[str]
    weak: re.Pattern[str] | None  # title words that count only when no other topic's word is there
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MetaRules:
    names: tuple[NameRule, ...]
    types: tuple[tuple[str, re.Pattern[str]], ...]
    levels: tuple[LevelRule, ...]
    represent: re.Pattern[str]
    host: re.Pattern[str]
    office: re.Pattern[str]
    byline: re.Pattern[str]
    surnames: frozenset[str]
    office_start: frozenset[str]
    compound_surnames: tuple[str, ...]
    topics: tuple[TopicRule, ...]
    topic_words: re.Pattern[str]


@cache
def meta_rules() -> MetaRules:
    d: dict[str, Any] = load_data("meta.yml")
    topics = tuple(
        TopicRule(
            t["topic"],
            re.compile(t["title"]),
            re.compile(t["weak"]) if t.get("weak") else None,
            tuple(t["words"]),
        )
        for t in d["topics"]
    )
    words = sorted({w for t in topics for w in t.words}, key=len, reverse=True)
    return MetaRules(
        names=tuple(NameRule(e["id"], e["where"], re.compile(e["pattern"])) for e in d["meeting_name"]),
        types=tuple((e["type"], re.compile(e["pattern"])) for e in d["meeting_types"]),
        levels=tuple(
            LevelRule(
                e["level"],
                re.compile(e["scope"]),
                re.compile(e["place"]) if e.get("place") else None,
                re.compile(e["office"]),
            )
            for e in d["levels"]
        ),
        represent=re.compile(d["represent"]["pattern"]),
        host=re.compile(d["host"]["pattern"]),
        office=re.compile(d["office"]["pattern"]),
        byline=re.compile(d["byline"]["pattern"]),
        surnames=frozenset(d["surnames"].strip()),
        office_start=frozenset(d["office_start"].strip()),
        compound_surnames=tuple(d["compound_surnames"]),
        topics=topics,
        topic_words=re.compile("|".join(map(re.escape, words))),
    )


@cache
def type_slugs() -> dict[str, str]:
    """Meeting type → its URL name, from the taxonomy."""
    return {e["type"]: e["slug"] for e in load_data("meta.yml")["meeting_types"]}


def meeting_type_of(name: str) -> str | None:
    """The taxonomy type of a meeting name (`全县消防安全工作部署会` → 部署会)."""
    for typ, rx in meta_rules().types:
        if rx.search(name):
            return typ
    return None


def level_of(scope_text: str) -> tuple[str, str] | None:
    """(level, the word that says so) for the first scope word or organ in the text (`全县`,
    `市委`), else the first place name (`吉林省`)."""
    for kind in ("scope", "place"):
        best: tuple[int, str, str] | None = None
        for rule in meta_rules().levels:
            rx = getattr(rule, kind)
            for m in rx.finditer(scope_text) if rx is not None else ():
                if kind == "place" and INSTITUTION_RE.match(scope_text, m.end()):
                    continue  # `某某市第三中学`: a unit's name, not the meeting's scope
                if best is None or m.start() < best[0]:
                    best = (m.start(), rule.level, m.group(0))
                break
        if best is not None:
            return best[1], best[2]
    return None


def level_of_office(office: str) -> tuple[str, str] | None:
    prefixes = (("省", "省级"), ("自治区", "省级"), ("市", "市级"), ("州", "市级"), ("县", "县级"))
    prefixes += (("区", "县级"), ("旗", "县级"), ("镇", "乡镇"), ("乡", "乡镇"), ("街道", "乡镇"))
    for p, level in prefixes:
        if office.startswith(p):
            return level, p
    for rule in meta_rules().levels:
        m = rule.office.search(office)
        if m:
            return rule.level, m.group(0)
    return None


# --------------------------------------------------------------------------- pieces


@dataclass(frozen=True, slots=True)
class Quote:
    """A stretch of the cleaned text that evidence is read from."""

    where: str  # title | subtitle | date | speaker | opening
    start: int
    end: int
    text: str  # simplified, title line breaks removed


def _quotes(sp: Speech) -> tuple[list[Quote], list[Quote]]:
    """(title-block quotes, opening quotes)."""
    mt = to_simplified(sp.text)
    block: list[Quote] = []
    if sp.title is not None:
        s, e = sp.title
        block.append(Quote("title", s, e, _TITLE_SPACE_RE.sub("", mt[s:e])))
    for m in sp.title_meta:
        if m.kind in ("subtitle", "date", "speaker"):
            block.append(Quote(m.kind, m.start, m.end, mt[m.start : m.end].strip()))
    opening: list[Quote] = []
    skip = (Role.TITLE, Role.TITLE_META, Role.NOISE, Role.SALUTATION, Role.BREAK)
    used = 0
    for p in sp.paragraphs:
        if p.role in skip or p.start == p.end:
            continue
        if (
            p.role in (Role.HEADING, Role.SUBHEADING)
            or len(opening) >= OPENING_PARAGRAPHS
            or used > OPENING_CHARS
        ):
            break
        # A salutation glued to the opening: read after it.
        s = (
            max(p.start, sp.salutation[1])
            if sp.salutation and sp.salutation[0] <= p.start < sp.salutation[1]
            else p.start
        )
        e = min(p.end, s + OPENING_CHARS)
        opening.append(Quote("opening", s, e, mt[s:e]))
        used += e - s
    return block, opening


def _field(
    value: str | int, q: Quote, s: int | None = None, e: int | None = None, note: str | None = None
) -> MetaField:
    """An inferred field quoting `q` (or the part of it from `s` to `e`, offsets into `q.text`)."""
    if s is not None and e is not None:
        if q.where == "title":  # title offsets are into its one-line form: point at the title
            return MetaField(value, "inferred", note or q.text[s:e], q.start, q.end)
        return MetaField(value, "inferred", note or q.text[s:e], q.start + s, q.start + e)
    return MetaField(value, "inferred", note or q.text, q.start, q.end)


def _meetings(block: list[Quote], opening: list[Quote]) -> list[tuple[str, Quote, int, int]]:
    """Meeting names with where they were read: (name, quote, start, end) in `quote.text`."""
    R = meta_rules()
    out: list[tuple[str, Quote, int, int]] = []
    for rule in R.names:
        for q in block if rule.where == "title" else opening:
            if q.where not in ("title", "subtitle", "opening"):
                continue
            m = rule.regex.search(q.text)
            if m:
                out.append((m.group("m").strip(), q, m.start("m"), m.end("m")))
    # The title's own meetings first, then the subtitle's, then the opening's.
    order = {"title": 0, "subtitle": 1, "opening": 2}
    out.sort(key=lambda x: order[x[1].where])
    return out


def _main_meeting(name: str) -> str:
    """The meeting that names the type: of meetings listed with 、/和 the first
    (`全国科技大会、国家科学技术奖励大会`), of meetings joined with 暨 the last
    (`全县安全生产工作会议暨县安委会全体会议`: a 全体会议)."""
    if "暨" in name:
        last = name.rsplit("暨", 1)[1]
        if meeting_type_of(last):
            return last
    parts = [p for p in re.split(r"[、和及]", name) if p]
    if len(parts) > 1 and re.search(r"(?:会|会议|大会|班)$", parts[0]) and not name.endswith("典礼"):
        return parts[0]
    return name


def _parse_date(text: str) -> tuple[str | None, int | None, int, int] | None:
    """(YYYY-MM-DD or None, year, start, end) of the first date or year in `text`."""
    m = DATE_RE.search(text) or ISO_DATE_RE.search(text)
    if not m:
        return None
    ys = m.group("y")
    year = int("".join(_CN_DIGITS.get(c, c) for c in ys))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    month, day = _cn_int(m.group("m")), _cn_int(m.group("d"))
    if month and day and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}", year, m.start(), m.end()
    return None, year, m.start(), m.end()


def _cn_int(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + "一二三四五六七八九".index(s[1]) + 1
    if s.endswith("十"):
        return ("一二三四五六七八九".index(s[0]) + 1) * 10
    if "十" in s:
        a, b = s.split("十")
        return ("一二三四五六七八九".index(a) + 1) * 10 + "一二三四五六七八九".index(b) + 1
    return "一二三四五六七八九".index(s) + 1 if s in "一二三四五六七八九" else None


def split_speaker(line: str) -> tuple[str | None, str] | None:
    """`县委书记　李某某` → ("县委书记", "李某某"); `陈  立  新` → (None, "陈立新"); None when the
    line is not an (office and) name."""
    R = meta_rules()
    line = line.strip()
    m = NAME_OFFICE_RE.match(line)  # `韩振东（县委书记）`
    if m and is_name(_SPACE_RE.sub("", m.group(1))) and R.office.fullmatch(m.group(2).strip()):
        return m.group(2).strip(), _SPACE_RE.sub("", m.group(1))
    line = COMRADE_RE.sub("", line)  # `韩振东同志`
    tokens = [t for t in _SPACE_RE.split(line) if t]
    if not tokens:
        return None
    if len(tokens) >= 2 and R.office.fullmatch(tokens[0]):
        name = "".join(tokens[1:])
        return (tokens[0], name) if is_name(name) else None
    joined = "".join(tokens)
    if is_name(joined):
        return None, joined
    for k in (2, 3, 4):  # `林思远副省长`: the name first, then the office
        head, rest = joined[:k], joined[k:]
        if is_name(head) and rest[:1] in R.office_start and R.office.fullmatch(rest):
            return rest, head
    # `省长胡玉亭`, `省委常委、秘书长王某`: the longest office head followed by a name.
    for k in range(len(joined) - 2, 0, -1):
        head, rest = joined[:k], joined[k:]
        if is_name(rest) and R.office.fullmatch(head):
            return head, rest
    return None


def is_name(s: str) -> bool:
    R = meta_rules()
    if not 2 <= len(s) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in s):
        return False
    if any(s.startswith(c) for c in R.compound_surnames):
        return len(s) >= 3
    return s[0] in R.surnames and len(s) <= 3 or (len(s) == 4 and s[:2] in R.compound_surnames)


# --------------------------------------------------------------------------- fields


def _title(
    sp: Speech, yml: Meta, meetings: list[tuple[str, Quote, int, int]], opening: list[Quote]
) -> MetaField:
    if yml.title:
        return MetaField(yml.title, "yml")
    if sp.title is not None:
        return MetaField(sp.title_text, "text", None, *sp.title)
    for name, q, s, e in meetings:
        if q.where == "opening":
            return _field(f"在{name}上的讲话", q, s, e, note=q.text[s:e])
    if opening:
        q = opening[0]
        first = re.split(r"[。！？!?；;]", q.text, maxsplit=1)[0].strip()
        clip = first if len(first) <= 20 else first[:20] + "……"
        if clip:
            return MetaField(f"讲话：{clip}", "inferred", first, q.start, q.start + len(first))
    return UNKNOWN


def _meeting_type(meetings: list[tuple[str, Quote, int, int]]) -> tuple[MetaField, MetaField]:
    for name, q, s, e in meetings:
        typ = meeting_type_of(_main_meeting(name))
        if typ:
            return _field(typ, q, s, e), _field(name, q, s, e)
    return UNKNOWN, UNKNOWN


def _level(
    meetings: list[tuple[str, Quote, int, int]], office: MetaField, block: list[Quote], opening: list[Quote]
) -> MetaField:
    R = meta_rules()
    for name, q, s, _e in meetings:
        lv = level_of(name)
        if lv:
            k = name.find(lv[1])
            return _field(lv[0], q, s + k, s + k + len(lv[1]))
    for q in opening:
        m = R.represent.search(q.text)
        if m:
            lv = level_of(m.group("org")) or level_of_office(m.group("org"))
            if lv:
                return _field(lv[0], q, m.start(), m.end())
    if isinstance(office.value, str):
        lv = level_of_office(office.value)
        if lv:
            return MetaField(lv[0], "inferred", office.evidence, office.start, office.end)
    for q in block:
        if q.where == "title":
            lv = level_of(q.text) or _office_in(q.text)
            if lv:
                return _field(lv[0], q, note=lv[1])
    if opening:
        # The organ or scope named in the first sentence: `市委党校2018年秋季学期今天开学了`.
        q = opening[0]
        first = re.split(r"[。！？!?]", q.text, maxsplit=1)[0]
        scope = FIRST_ORGAN_RE.search(first)
        clause = first.rfind("，", 0, scope.start()) + 1 if scope else 0
        if scope and not RELAYED_RE.search(
            first, max(clause, first.rfind(",", 0, scope.start()) + 1), scope.start()
        ):
            lv = level_of(scope.group(0))
            if lv:
                return _field(lv[0], q, scope.start(), scope.end())
    return UNKNOWN


def _office_in(title: str) -> tuple[str, str] | None:
    """`市长安全生产讲话`: an office word in the title says the level."""
    for rule in meta_rules().levels:
        m = rule.office.search(title)
        if m:
            return rule.level, m.group(0)
    return None


def _date_year(
    meetings: list[tuple[str, Quote, int, int]], block: list[Quote]
) -> tuple[MetaField, MetaField]:
    date, year = UNKNOWN, UNKNOWN
    for q in sorted(block, key=lambda q: {"date": 0, "subtitle": 1, "title": 2}.get(q.where, 3)):
        if q.where not in ("date", "subtitle", "title"):
            continue
        got = _parse_date(q.text)
        if got is None:
            continue
        d, y, s, e = got
        if d and date is UNKNOWN:
            date = _field(d, q, s, e)
        if year is UNKNOWN:
            year = _field(y, q, s, e)
        if date is not UNKNOWN:
            break
    if date is not UNKNOWN and date.value is not None:
        year = MetaField(int(str(date.value)[:4]), "inferred", date.evidence, date.start, date.end)
    if year is UNKNOWN:
        for name, q, s, _e in meetings:
            got = _parse_date(name)
            if got:
                _, y, a, b = got
                year = _field(y, q, s + a, s + b)
                break
    return date, year


def _speaker(sp: Speech, block: list[Quote], opening: list[Quote]) -> tuple[MetaField, MetaField]:
    R = meta_rules()
    for q in block:
        if q.where == "speaker":
            got = split_speaker(q.text)
            if got:
                office, name = got
                sp_f = _field(name, q)
                return sp_f, (_field(office, q) if office else UNKNOWN)
    for q in opening[:2]:  # `主持人：下面，请县委副书记某某同志讲话`
        m = R.host.search(q.text)
        got = split_speaker(m.group("who")) if m else None
        if m and got:
            office, name = got
            s, e = m.start("who"), m.end("who")
            return _field(name, q, s, e), (_field(office, q, s, e) if office else UNKNOWN)
    for q in block:
        if q.where not in ("title", "subtitle"):
            continue
        m = R.byline.match(q.text)
        if m:
            who = m.group("who")
            got = split_speaker(who)
            if got:
                office, name = got
                return _field(name, q, 0, len(who)), (_field(office, q, 0, len(who)) if office else UNKNOWN)
    return UNKNOWN, UNKNOWN


def _topic(sp: Speech, meetings: list[tuple[str, Quote, int, int]], block: list[Quote]) -> MetaField:
    R = meta_rules()
    heads = [q.text for q in block if q.where in ("title", "subtitle")] + [n for n, *_ in meetings]
    mt = to_simplified(sp.text)
    # The title's (or meeting name's) topic word nearest its end is the head noun:
    # 全省科技系统党建工作会议 is about 党建.
    for strength in ("title", "weak"):
        for head in heads:
            hits = [
                (m.end(), t.topic, m.group(0))
                for t in R.topics
                if getattr(t, strength) is not None
                for m in getattr(t, strength).finditer(head)
            ]
            if hits:
                _end, topic, word = max(hits, key=lambda x: x[0])
                return MetaField(topic, "inferred", f"标题或会议名称含“{word}”")
    counts = Counter(m.group(0) for m in R.topic_words.finditer(mt))
    scores: list[tuple[float, str, str]] = []
    for t in R.topics:
        used = sorted(((counts[w], w) for w in t.words if counts[w]), reverse=True)
        score = float(sum(min(c, TOPIC_WORD_CAP) for c, _ in used))
        scores.append((score, t.topic, "正文用词：" + "；".join(f"“{w}”{c}次" for c, w in used[:4])))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < TOPIC_MIN_SCORE:
        return UNKNOWN
    runner = scores[1][0] if len(scores) > 1 else 0.0
    if scores[0][0] < TOPIC_MIN_LEAD * runner:
        return UNKNOWN
    return MetaField(scores[0][1], "inferred", scores[0][2])


def infer_meta(sp: Speech, yml: Meta | None = None) -> SpeechMeta:
    """The speech's metadata: `.yml` fields as given, the rest read from the text."""
    yml = yml or Meta()
    block, opening = _quotes(sp)
    meetings = _meetings(block, opening)
    meeting_type, meeting = _meeting_type(meetings)
    speaker, office = _speaker(sp, block, opening)
    date, year = _date_year(meetings, block)
    inferred = SpeechMeta(
        title=_title(sp, yml, meetings, opening),
        meeting=meeting,
        meeting_type=meeting_type,
        level=_level(meetings, office, block, opening),
        date=date,
        year=year,
        speaker=speaker,
        office=office,
        topic=_topic(sp, meetings, block),
    )
    return _with_yml(inferred, yml)


def _with_yml(m: SpeechMeta, yml: Meta) -> SpeechMeta:
    """A `.yml` value overrides the text's; 未知 in the `.yml` leaves the inference alone."""
    given: dict[str, Any] = {
        "meeting_type": yml.meeting_type,
        "level": yml.level,
        "date": yml.date,
        "year": yml.year,
        "speaker": yml.speaker,
        "office": yml.office,
        "topic": yml.topic,
    }
    out: dict[str, MetaField] = {}
    for name, value in given.items():
        if value not in (None, "未知", ""):
            out[name] = MetaField(value, "yml")
    if "date" in out and "year" not in out:
        out["year"] = MetaField(int(str(out["date"].value)[:4]), "yml")
    return SpeechMeta(**{f: out.get(f, getattr(m, f)) for f in ("title", "meeting", *SpeechMeta.FIELDS)})


def _snippet_fields(m: SpeechMeta) -> tuple[str, ...]:
    # A title made of the opening's first words is a label, not a title to confirm.
    return ("title", *SpeechMeta.FIELDS) if m.meeting.known else SpeechMeta.FIELDS


def yml_snippet(m: SpeechMeta, *, all_known: bool = False) -> str:
    """The `.yml` lines that confirm the inferred fields (or every known field), ready to paste."""
    import yaml

    fields: dict[str, Any] = {}
    for name in _snippet_fields(m):
        f = getattr(m, name)
        if f.known and (f.inferred or (all_known and f.origin != "text")):
            fields[name] = f.value
    if not fields:
        return ""
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)


def yml_commented(m: SpeechMeta) -> str:
    """`yml_snippet` with each inferred line followed by its evidence as a comment."""
    import yaml

    lines = []
    for name in _snippet_fields(m):
        f = getattr(m, name)
        if not (f.known and f.inferred):
            continue
        line = yaml.safe_dump({name: f.value}, allow_unicode=True, width=1000).rstrip("\n")
        why = re.sub(r"\s+", " ", f.evidence or "").strip()
        lines.append(f"{line}  # 依据：{why}" if why else line)
    return "\n".join(lines) + ("\n" if lines else "")
