"""Moves: all speeches of a meeting type aligned move by move, for the templates.

Per speech: the salutation; the opening's moves (委托, 会议任务, 肯定通报, 祝贺感谢, 形势),
each the first sentence that makes it; the road map; each part with its role (认识/形势,
任务/重点, 措施/方法, 保障/组织领导, 要求/作风 — from its heading, else its place) and its
heading's shape; the closing's restating sentence and its call. Event-specific content (years,
dates, figures, campaign names, place names read by the meta stage, masks and names) becomes
【slots】. Per type: every move with its real alternatives (where each comes from), the role
sequences with counts, the usual number of parts and their length.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from .analyze import Analysis, heading_text
from .model import Role
from .patterns import load_data
from .skeleton import roadmap_with_n, with_slots
from .structure.meta import meta_rules
from .textutil import sentence_spans

MAX_ALTS = 5
TYPICAL_SAMPLE = 40


@dataclass(frozen=True, slots=True)
class Alt:
    """One real wording of a move: slotted text, and where it comes from."""

    text: str
    slug: str
    start: int  # offset in that speech's cleaned text (the page links to the paragraph)


@dataclass(frozen=True, slots=True)
class Move:
    id: str
    name: str
    alts: tuple[Alt, ...]  # one per speech that makes the move, most typical first
    speeches: int  # how many of the type's speeches make it
    borrowed_from: str | None = None  # a thin type's move taken from a related type

    @property
    def skeleton(self) -> str:
        return self.alts[0].text if self.alts else ""


@dataclass(frozen=True, slots=True)
class Part:
    role: str
    heading: Alt  # the heading (slotted), with its marker
    shape: str  # 【动词】【对象】，【动词】【对象】
    points: int
    length: int


@dataclass(frozen=True, slots=True)
class SpeechMoves:
    slug: str
    salutation: Alt | None
    opening: dict[str, Alt]
    roadmap: Alt | None
    parts: tuple[Part, ...]
    restate: Alt | None
    call: Alt | None


@dataclass(frozen=True, slots=True)
class TypeMoves:
    meeting_type: str
    slugs: tuple[str, ...]
    moves: tuple[Move, ...]  # salutation, opening moves, roadmap, closing moves — in speech order
    sequences: tuple[tuple[tuple[str, ...], int], ...]  # role sequences, most common first
    part_counts: tuple[tuple[int, int], ...]  # (number of parts, speeches), most common first
    part_length: int  # median characters per part
    roles: dict[str, tuple[Part, ...]] = field(default_factory=dict)  # role → its parts' headings

    @property
    def thin(self) -> bool:
        return len(self.slugs) < 3

    @property
    def typical_parts(self) -> int:
        return self.part_counts[0][0] if self.part_counts else 3


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class MoveRules:
    roles: tuple[tuple[str, re.Pattern[str]], ...]
    opening: tuple[tuple[str, str, re.Pattern[str]], ...]
    slots: tuple[tuple[str, re.Pattern[str]], ...]
    verbs: tuple[str, ...]


@cache
def move_rules() -> MoveRules:
    d = load_data("moves.yml")
    return MoveRules(
        roles=tuple((r["role"], re.compile(r["pattern"])) for r in d["part_roles"]),
        opening=tuple((m["id"], m["name"], re.compile(m["pattern"])) for m in d["opening_moves"]),
        slots=tuple((r["slot"], re.compile(r["pattern"])) for r in d["slot_rules"]),
        verbs=tuple(sorted(d["heading_verbs"], key=len, reverse=True)),
    )


ROLE_ORDER = ("认识/形势", "任务/重点", "措施/方法", "要求/作风", "保障/组织领导")
OPENING_ORDER = ("entrust", "purpose", "acknowledge", "greeting", "situation")
MOVE_NAMES = {
    "salutation": "称谓",
    "roadmap": "提纲句",
    "restate": "结语：重申意义",
    "call": "结语：号召",
}


def part_role(heading: str, index: int, total: int) -> str:
    for role, rx in move_rules().roles:
        if rx.search(heading):
            return role
    if index == 0:
        return "认识/形势"
    if index == total - 1:
        return "保障/组织领导"
    return "任务/重点"


def heading_shape(heading: str) -> str:
    """`提高政治站位，强化责任担当` → `【动词】【对象】，【动词】【对象】`."""
    verbs = move_rules().verbs
    out = []
    for clause in (c for c in re.split(r"[，,；;]", heading) if c):
        clause = re.sub(r"^(?:要|必须|务必)", "", clause)  # `第一，要提高……`
        verb = next((v for v in verbs if clause.startswith(v)), None)
        if verb is not None:
            out.append("【动词】" + ("【对象】" if len(clause) > len(verb) else ""))
        else:
            out.append("【短语】")
    return "，".join(out)


# --------------------------------------------------------------------------- one speech


def _places(a: Analysis) -> list[str]:
    """Place names the title block and the opening name (`吉林省`, `桐溪县`): slots in a template."""
    heads = [a.speech.title_text or "", str(a.meta.meeting.value or "")]
    out: set[str] = set()
    for rule in meta_rules().levels:
        if rule.place is None:
            continue
        for h in heads:
            out.update(m.group(0) for m in rule.place.finditer(h))
    return sorted(out, key=len, reverse=True)


def slotted(a: Analysis, start: int, end: int, places: list[str] | None = None) -> str:
    """The text from `start` to `end` with everything event-specific as a 【slot】: the meeting's
    own name, years, dates, figures, campaign names, place names, masks and names."""
    t = with_slots(a.cleaned.text, start, end, a.speech.slots)
    meeting = a.meta.meeting.value
    if isinstance(meeting, str) and len(meeting) >= 4:
        t = t.replace(meeting, "【会议名称】")
    for slot, rx in move_rules().slots:
        t = rx.sub(slot, t)
    for p in places if places is not None else _places(a):
        t = t.replace(p, "【地名】")
    return re.sub(r"(【[^【】]{1,8}】)(?:\1)+", r"\1", t).strip()


def speech_moves(a: Analysis) -> SpeechMoves:
    sp, text, slug = a.speech, a.cleaned.text, a.source.slug
    places = _places(a)

    def alt(s: int, e: int) -> Alt:
        return Alt(slotted(a, s, e, places), slug, s)

    opening: dict[str, Alt] = {}
    open_end = sp.roadmap.start if sp.roadmap else (sp.sections[0].start if sp.sections else len(text))
    for p in sp.paragraphs:
        if p.role is not Role.OPENING or p.start >= open_end:
            continue
        for s, e in sentence_spans(text, p.start, min(p.end, open_end)):
            for mid, _name, rx in move_rules().opening:
                if mid not in opening and rx.search(text, s, e):
                    opening[mid] = alt(s, e)
                    break
    parts = []
    for k, sec in enumerate(sp.sections):
        head = heading_text(text, sec)
        parts.append(
            Part(
                part_role(head, k, len(sp.sections)),
                Alt(
                    sec.marker + slotted(a, sec.marker_end, sec.marker_end + len(head), places),
                    slug,
                    sec.start,
                ),
                heading_shape(head),
                len(sec.points) or len(sec.subsections),
                sec.end - sec.start,
            )
        )
    restate = None
    if sp.closing:
        first = sentence_spans(text, *sp.closing)
        if first:
            restate = alt(*first[0])
    roadmap = None
    if sp.roadmap:
        txt = roadmap_with_n(sp.roadmap, lambda s, e: slotted(a, s, e, places))
        roadmap = Alt(txt, slug, sp.roadmap.start)
    return SpeechMoves(
        slug,
        alt(*sp.salutation) if sp.salutation else None,
        opening,
        roadmap,
        tuple(parts),
        restate,
        alt(*sp.call) if sp.call else None,
    )


# --------------------------------------------------------------------------- a type


def _typical_first(alts: list[Alt]) -> tuple[Alt, ...]:
    """Alternatives with the most typical wording first (closest to all the others), distinct."""
    from rapidfuzz import fuzz

    uniq: dict[str, Alt] = {}
    for x in alts:
        uniq.setdefault(x.text, x)
    alts = list(uniq.values())
    if len(alts) <= 2:
        return tuple(sorted(alts, key=lambda x: len(x.text)))
    # Typicality against an evenly spread sample: all pairs of a thousand wordings would cost
    # seconds; a sample of them ranks the same.
    step = max(1, len(alts) // TYPICAL_SAMPLE)
    sample = alts[::step][:TYPICAL_SAMPLE]
    score = {id(x): sum(fuzz.ratio(x.text, y.text) for y in sample if y is not x) for x in alts}
    return tuple(sorted(alts, key=lambda x: (-score[id(x)], len(x.text))))


def type_moves(meeting_type: str, speeches: list[Analysis]) -> TypeMoves:
    per = [speech_moves(a) for a in speeches]
    moves: list[Move] = []

    def add(mid: str, name: str, alts: list[Alt]) -> None:
        if alts:
            moves.append(Move(mid, name, _typical_first(alts)[:MAX_ALTS], len(alts)))

    add("salutation", MOVE_NAMES["salutation"], [m.salutation for m in per if m.salutation])
    names = {mid: name for mid, name, _rx in move_rules().opening}
    for mid in OPENING_ORDER:
        add(mid, names[mid], [m.opening[mid] for m in per if mid in m.opening])
    # A road map that states its count is the template (its number becomes 【N】), then the rest.
    counted = [m.roadmap for m in per if m.roadmap and "【N】" in m.roadmap.text]
    rest = [m.roadmap for m in per if m.roadmap and "【N】" not in m.roadmap.text]
    if counted or rest:
        alts = (_typical_first(counted) + _typical_first(rest))[:MAX_ALTS]
        moves.append(Move("roadmap", MOVE_NAMES["roadmap"], alts, len(counted) + len(rest)))
    add("restate", MOVE_NAMES["restate"], [m.restate for m in per if m.restate])
    add("call", MOVE_NAMES["call"], [m.call for m in per if m.call])
    seqs = Counter(tuple(p.role for p in m.parts) for m in per if m.parts)
    counts = Counter(len(m.parts) for m in per if m.parts)
    lengths = sorted(p.length for m in per for p in m.parts)
    roles: dict[str, list[Part]] = {}
    for m in per:
        for p in m.parts:
            roles.setdefault(p.role, []).append(p)
    return TypeMoves(
        meeting_type,
        tuple(a.source.slug for a in speeches),
        tuple(moves),
        tuple(seqs.most_common()),
        tuple(counts.most_common()),
        lengths[len(lengths) // 2] if lengths else 0,
        {r: tuple(ps) for r, ps in sorted(roles.items(), key=lambda kv: ROLE_ORDER.index(kv[0]))},
    )


# The moves every speech needs; a thin type borrows these, not another type's particulars.
CORE_MOVES = ("salutation", "purpose", "roadmap", "restate", "call")


def borrow(thin: TypeMoves, others: list[TypeMoves], topics: dict[str, str] | None = None) -> TypeMoves:
    """A type with few speeches takes the core moves it lacks from a related type — the one
    sharing its topic, else the one with the most speeches — named as borrowed."""
    topics = topics or {}
    mine = topics.get(thin.meeting_type)
    donors = sorted(
        (o for o in others if o.meeting_type != thin.meeting_type),
        key=lambda o: (mine is None or topics.get(o.meeting_type) != mine, -len(o.slugs)),
    )
    if not donors:
        return thin
    have = {m.id for m in thin.moves}
    extra = [
        Move(m.id, m.name, m.alts, m.speeches, donors[0].meeting_type)
        for m in donors[0].moves
        if m.id not in have and m.id in CORE_MOVES
    ]
    if not extra:
        return thin
    order = ["salutation", *OPENING_ORDER, "roadmap", "restate", "call"]
    moves = sorted((*thin.moves, *extra), key=lambda m: order.index(m.id))
    return TypeMoves(
        thin.meeting_type,
        thin.slugs,
        tuple(moves),
        thin.sequences,
        thin.part_counts,
        thin.part_length,
        thin.roles,
    )


def typical_roles(tm: TypeMoves, n: int) -> tuple[str, ...]:
    """The role of each of `n` parts: the most common sequence of that length, else the most
    common role at each place."""
    for seq, _c in tm.sequences:
        if len(seq) == n:
            return seq
    out = []
    for k in range(n):
        at = Counter(seq[min(k, len(seq) - 1)] for seq, c in tm.sequences for _ in range(c))
        out.append(at.most_common(1)[0][0] if at else part_role("", k, n))
    return tuple(out)
