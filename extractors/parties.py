"""Who a document names as its parties, and which of them provides and which receives.

Read in order of strength: the preamble of a contract ("made by and between Rogers Cable Communications Inc., an
Ontario corporation ("Rogers"), and XYZ Ltd. (the "Supplier")"), the cover block of a proposal ("Prepared for:",
"Prepared by:"), the signature block (a name in capitals above "By:"), and the voice of terms of service and
proposals (the writer, "we", provides; the reader, "you", receives). A role comes from the document's own words:
a role word in a party's alias or description ("Licensee", "as Servicer"), the cover label, the voice, and else a
count, across the whole document, of the sentences in which each party "shall provide the Services" or "shall pay
the fees". Where the document does not say (a collaboration), the role is ``unclear`` rather than a guess. Names
in legal prose are cut out by extractors/party_names.py; the phrases are data (resources/extract/parties.toml);
nothing here knows any one document.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from rapidfuzz import fuzz

from extractors.model import Clause, Document, Party
from extractors.party_names import (
    QUOTED,
    SPACE,
    STRONG_FORMS,
    Found,
    alias,
    alternation,
    between_list,
    clean,
    cues,
    from_preamble,
    is_name,
    key,
    merge,
    preamble_region,
    role_word,
    short_names,
    split_name,
    suffixed,
)

USER_MATCH = 85  # rapidfuzz token-sort score for a name the user typed to be a found party
MARGIN = 3  # sentences more for one side than the other before the count decides a role


@cache
def _mechanism() -> dict[str, str | re.Pattern[str]]:
    """The provide / pay sentence patterns of the data file, built once per process."""
    m = cues()["mechanism"]
    return {
        "act": rf"(?:\s*,)?\s+(?:(?:{alternation(m['modal'])})\s+)?(?:[\w,]+\s+){{0,2}}?",
        "provide": alternation(m["provide"]), "pay": alternation(m["pay"]), "supply": alternation(m["supply"]),
        "objects": alternation(m["objects"]), "paid": alternation(m["paid"]),
        "as_role": rf"(?:(?:its|the|a|an|their|sole|exclusive|non-exclusive|authori[sz]ed|independent)\s+)*"
                   rf"(?P<role>{alternation(list(cues()['roles']))})\b",
        "mutual": re.compile(rf"\b(?:{alternation(m['mutual'])})\b", re.I),
    }


PARTY_LABEL = re.compile(r"^[ \t]*(?P<label>Party\s+(?:[A-Z]|\d))[ \t]*[:：][ \t]*(?P<value>\S.*)$", re.M)
WE_MEAN = re.compile(r"\b(?:when|where|wherever)\s+we\s+(?:say|use|write)\s+(?P<terms>(?:[\"“][^\"“”\n]{1,30}[\"”]"
                     r"(?:\s*,)?(?:\s*(?:or|and)\b)?\s*){1,6})[^.\n]{0,40}?\b(?:we\s+are\s+referring\s+to|we\s+mean|we\s+refer\s+to)"
                     r"\s+(?P<name>\[[^\]\n]{2,80}\]\([^)\s]*\)|[^.\n]{2,120})", re.I)
AS_ROLE = re.compile(r"\bas\s+(?:the\s+|an?\s+|its\s+)?([a-z][a-z\- ]{2,30}?)\b(?:[,;)]|$| and| of| for)", re.I)


def _cover_name(value: str) -> str:
    """The organisation a cover entry names: "Lena Brandt, Director, Contoso Freight GmbH" -> the company."""
    value = re.sub(r"\s*\([^)]*\)?", "", value.strip(" *_"))
    value = re.split(r"\s+[—–]\s+|\s+-\s+|\s*;|\s+\|\s+|\s{3,}", value)[0]
    pieces: list[str] = []
    for piece in (p.strip(" *_") for p in value.split(",")):
        if pieces and piece.lower().rstrip(".") in cues()["suffixes"] | {"inc", "ltd", "llc", "l.l.c", "co"}:
            pieces[-1] += ", " + piece + ("." if piece.lower() in ("inc", "ltd", "co", "corp") else "")
        elif piece:
            pieces.append(piece)
    legal = [p for p in pieces if suffixed(p)]
    if legal:
        return clean(legal[0])
    if len(pieces) >= 3 and set(pieces[1].lower().replace("-", " ").split()) & cues()["job"]:
        return clean(pieces[2])
    return clean(pieces[0]) if pieces else ""


def _continued(head: str, end: int) -> str:
    """The next line of a cover entry broken over two lines ("General Services" / "Administration (GSA)")."""
    following = head[end + 1:].split("\n", 1)[0]
    if following.strip() and not re.match(r"\s*[\w ]{1,30}:", following) and not cues()["cover"].match(following) \
            and not cues()["cover_field"].match(following):
        return " " + following
    return ""


def _from_cover(text: str, buyer_written: bool) -> list[Found]:
    """Cover-block entries of the first page: "Prepared for", "Prepared by", "Client:", "Proposal for X"."""
    head = text[:2500]
    found = []
    for m in cues()["cover"].finditer(head):
        role = "customer" if m.group("customer") else "provider"
        label = m.group(role).lower()
        if not m.group("colon") and len(label.split()) < 2:
            continue  # "Client shall ..." is a sentence; only a two-word label may stand without a colon
        if buyer_written and label == "from":
            continue
        name = _cover_name(m.group("value") + _continued(head, m.end()))
        if is_name(name):
            found.append(Found(name, [], m.start("value"), m.start("value") + len(name), "cover", role))
    if buyer_written:
        for m in cues()["issuer"].finditer(head):
            name = _cover_name(m.group("value") + _continued(head, m.end()))
            if is_name(name):
                found.append(Found(name, [], m.start("value"), m.start("value") + len(name), "cover", "customer"))
    for m in PARTY_LABEL.finditer(head):  # "Party A: Didi Chuxing Technology Co., Ltd."
        name = _cover_name(m.group("value"))
        if is_name(name):
            found.append(Found(name, [m.group("label")], m.start("value"), m.start("value") + len(name), "preamble"))
    for m in cues()["title_for"].finditer(head[:600]):
        for role in ("customer", "provider"):
            if m.group(role) and is_name(name := _cover_name(m.group(role))):
                found.append(Found(name, [], m.start(role), m.start(role) + len(name), "cover", role))
    return found


def _columns(line: str) -> list[str]:
    """A signature line set in two columns ("NETZEE, INC. THE BANKERS BANK") split after each company form."""
    words, pieces, current = line.split(), [], []
    for k, word in enumerate(words):
        current.append(word)
        rest = words[k + 1:]
        if word.lower().strip(".,:") in STRONG_FORMS and rest and rest[0][:1].isupper() and \
                any(w.lower().strip(".,:") not in cues()["suffixes"] for w in rest):
            pieces.append(" ".join(current))
            current = []
    return [*pieces, " ".join(current)] if current else pieces


def _from_signatures(text: str) -> list[Found]:
    """Names set above "By:" lines after "IN WITNESS WHEREOF" (a role label before a name is kept as its alias)."""
    opens = list(cues()["sig_open"].finditer(text))
    if not opens:
        return []
    base = opens[-1].end()
    found, offset = [], base
    lines = text[base:base + 4000].split("\n")
    for i, line in enumerate(lines):
        at_line, offset = offset, offset + len(line) + 1
        following = [x.strip() for x in lines[i + 1:i + 4] if x.strip()][:2]
        by_next = any(re.match(r"by\b\s*(?:[:_/]|$|\s)", f, re.I) for f in following)
        if not by_next or re.match(r"by\b", line.strip(), re.I):
            continue
        for piece in _columns(re.sub(r"^(?:for and on behalf of|on behalf of|for)\s+", "", line.strip(), flags=re.I)):
            label, _, rest = piece.rpartition(":")
            label_alias = alias(label) if label and role_word(label) else ""
            name = split_name(rest if label else piece)[0]
            if not is_name(name) or name.split()[0].lower() in cues()["sig_skip"] or \
                    not (suffixed(name) or (name.isupper() and len(name.split()) <= 6)):
                continue
            at = at_line + line.find(name.split()[0])
            found.append(Found(name, [label_alias] if label_alias else [], at, at + len(name), "signature"))
    return found


def _we_mean(text: str) -> list[Found]:
    """Terms of service that say who "we" and "you" are: 'When we say "Company", "we" or "us", we are referring to
    37signals LLC' names the writer; 'When we say "You", we are referring to the people that own an account', the
    reader."""
    found = []
    for m in WE_MEAN.finditer(text[:20000]):
        terms = [alias(q.group(1)) for q in QUOTED.finditer(m.group("terms"))]
        said = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", m.group("name"))  # a Markdown link's text
        name = split_name(said)[0]
        voiced = {t.lower() for t in terms} & (cues()["writer"] | cues()["reader"])
        if not voiced:
            continue
        if not is_name(name):  # "the people or organizations that own an account"
            name = "You" if voiced & cues()["reader"] else ""
        if name:
            at = m.start("name") + max(0, said.find(name))
            found.append(Found(name, [t for t in terms if t != name], at, at + len(name), "voice"))
    return found


def read_parties(text: str, clauses: tuple[Clause, ...], buyer_written: bool) -> list[Found]:
    """Every party the document names, strongest place first: preamble, cover block, "between" list, signatures;
    a party with no defined alias gets the short names the text calls it by."""
    found = merge(_we_mean(text), from_preamble(text, clauses))
    cover = _from_cover(text, buyer_written)
    if len(found) < 2 and len(cover) < 2:
        found = merge(found, between_list(text, *preamble_region(text, clauses)))
    found = merge(found, cover)
    if len(found) < 2:
        found = merge(found, _from_signatures(text))
    found = [f for f in found if f.name]
    for f in found:
        if not f.aliases:
            f.aliases = short_names(text, f.name)
    return found


def _word_role(party: Found, acts_as: list[str]) -> str:
    """The role a party's own words give it: its aliases ("Licensee"), "as Servicer" in its description or in the
    text ("appoints Siemens as its exclusive distributor"), we / you; none when those words disagree."""
    hints = [role_word(a) for a in party.aliases] + [role_word(party.name) if party.name.islower() or
                                                      party.name.lower() in cues()["roles"] else ""]
    hints += [role_word(m.group(1)) for m in AS_ROLE.finditer(party.described)] + [role_word(a) for a in acts_as]
    hints = [h for h in hints if h]
    return party.role or (hints[0] if len(set(hints)) == 1 else "")


# Each party's name or alias is replaced by a placeholder word (PLACE, its number, PLACE) before the sentence
# patterns run, so that those patterns are the same for every document and compiled once per process; built per
# document they took most of the time spent on parties.
PLACE = "\u01c2"


@cache
def _evidence_patterns() -> tuple[tuple[int, re.Pattern[str]], ...]:
    """The providing (0), receiving (1) and appointed-as (2) sentence patterns, around a placeholder."""
    c = _mechanism()
    who = rf"(?<![\w\-])(?:the\s+)?(?P<who>{PLACE}(?P<said>\d+){PLACE})"
    patterns = (
        (0, rf"{who}(?:'s)?{c['act']}(?:{c['provide']})(?:e?s|e?d|ing)?\b(?:\W+\w+){{0,5}}?\W+(?:{c['objects']})\b"),
        (0, rf"{who}(?:'s)?{c['act']}(?:{c['supply']})(?:e?s|e?d|ing)?\b"),
        (1, rf"{who}(?:'s)?{c['act']}(?:{c['pay']})(?:e?s|e?d|ing)?\b"),
        (0, rf"\b(?:{c['paid']})\s+(?:to\s+|by\s+\w+\s+to\s+)?{who}"),
        (1, rf"\b(?:{c['provide']})(?:e?s|e?d|ing)?\s+(?:[\w,]+\s+){{0,6}}?(?:to|for)\s+{who}"),
        (2, rf"\b(?:appoint|engage|retain|designate|hire)\w*\s+{who}\s+(?:\w+\s+){{0,3}}?as\s+{c['as_role']}"),
        (2, rf"{who}\s+(?:\w+\s+){{0,2}}?(?:act|serve)s?\s+as\s+{c['as_role']}"),
    )
    return tuple((side, re.compile(pattern, re.I)) for side, pattern in patterns)


def _evidence(text: str, found: list[Found]) -> tuple[list[list[int]], list[list[str]]]:
    """Per party, how many sentences show it providing (it "shall provide the Services", "supplies", fees are paid
    to it) and receiving (it "shall pay", "purchase", the Services are provided to it), and the role words it is
    appointed or acts as."""
    keys: dict[str, int] = {}
    for i, f in enumerate(found):
        for n in (f.name, *f.aliases):
            if len(n) >= 2:
                keys.setdefault(SPACE.sub(" ", n.lower()), i)
    counts, acts = [[0, 0] for _ in found], [[] for _ in found]
    if not keys:
        return counts, acts
    voice = cues()["voice"]
    said: list[str] = []  # what each placeholder stands for, as written

    def place(m: re.Match[str]) -> str:
        said.append(m.group(0))
        return f"{PLACE}{len(said) - 1}{PLACE}"

    marked = re.sub(rf"(?<![\w\-])(?:{alternation(list(keys))})(?![\w\-])", place, text, flags=re.I)
    for side, pattern in _evidence_patterns():
        for m in pattern.finditer(marked):
            name = said[int(m.group("said"))]
            if name[0].islower() and name.lower() not in voice:
                continue  # a capitalised defined name, or we / you
            i = keys[SPACE.sub(" ", name.lower())]
            if side == 2:
                acts[i].append(m.group("role"))
            else:
                counts[i][side] += 1
    return counts, acts


def _assign(text: str, found: list[Found], title: str, buyer_written: bool) -> tuple[list[str], list[str]]:
    """Roles for every party from its words, then, where the words are silent or disagree, from the count of its
    providing and paying sentences; and warnings."""
    counts, acts = _evidence(text, found)
    roles = [_word_role(f, a) for f, a in zip(found, acts, strict=True)]
    if buyer_written:  # in a request for quotes "we" is the buyer
        flip = {"provider": "customer", "customer": "provider"}
        roles = [flip.get(r, r) if any(a.lower() in cues()["voice"] for a in f.aliases) else r
                 for r, f in zip(roles, found, strict=True)]
    warnings: list[str] = []
    main = [i for i, r in enumerate(roles) if r != "other"]
    if not any(roles[i] for i in main) and _mechanism()["mutual"].search(title):
        return ["unclear" if r != "other" else r for r in roles], warnings  # a collaboration: nobody is the customer
    net = {i: counts[i][0] - counts[i][1] for i in main}
    for role, sign in (("provider", 1), ("customer", -1)):
        same = sorted((i for i in main if roles[i] == role), key=lambda i: -sign * net[i])
        if len(same) >= 2:  # two providers: the count may tell which one really provides, else it is unclear
            if len(main) == 2 and sign * (net[same[0]] - net[same[1]]) >= MARGIN:
                roles[same[1]] = "customer" if sign > 0 else "provider"
            else:
                names = " and ".join(found[i].name for i in same)
                warnings.append(f"{names} both look like the {role}; their roles are left unclear")
                for i in same:
                    roles[i] = "unclear"
    undecided = [i for i in main if not roles[i]]
    decided = [i for i in main if roles[i] in ("provider", "customer")]
    if len(main) == 2 and len(undecided) == 1 and len(decided) == 1:
        # a two-party deal: the other side of a provider is its customer, unless the count says it provides more
        i, j = undecided[0], decided[0]
        sign = 1 if roles[j] == "provider" else -1
        if sign * (net[i] - net[j]) < 2 * MARGIN or sign * net[i] < 2 * MARGIN:  # words outweigh a small count
            roles[i] = "customer" if sign > 0 else "provider"
        else:
            warnings.append(f"{found[i].name} and {found[j].name} both look like the {roles[j]}; "
                            "their roles are left unclear")
            roles[j] = "unclear"
    elif len(undecided) >= 2 and len({roles[i] for i in decided}) == 1:
        # a larger deal with one side named: the clearest of the rest by the count takes the other side
        role = "customer" if roles[decided[0]] == "provider" else "provider"
        sign = 1 if role == "provider" else -1
        ranked = sorted(undecided, key=lambda i: -sign * net[i])
        if sign * net[ranked[0]] >= 1 and sign * (net[ranked[0]] - net[ranked[1]]) >= 2:
            roles[ranked[0]] = role
    elif len(undecided) >= 2 and not decided:
        # no role words: the count decides when one side clearly provides and the other clearly pays
        ranked = sorted(undecided, key=lambda i: -net[i])
        top, second, low = ranked[0], ranked[1], ranked[-1]
        if len(ranked) == 2 and net[top] - net[low] >= MARGIN:
            roles[top], roles[low] = "provider", "customer"
        elif len(ranked) > 2 and net[low] <= -MARGIN and net[ranked[-2]] - net[low] >= MARGIN:
            roles[low] = "customer"  # one party pays the others: each of them that clearly provides is a provider
            for i in ranked[:-1]:
                roles[i] = "provider" if net[i] >= MARGIN else roles[i]
        elif len(ranked) > 2 and net[top] >= MARGIN and net[top] - net[second] >= MARGIN:
            roles[top] = "provider"
    return [r or "unclear" for r in roles], warnings


def _voice(text: str, found: list[Found], buyer_written: bool) -> None:
    """A document that speaks as "we" to "you": the writer (the cover's "prepared by", or the one party named) is
    "we", the other party (or, when the document names none, the reader) is "you"."""
    counts = [len(re.findall(rf"\b(?:{words})\b", text[:60000], re.I)) for words in ("we|our|us", "you|your")]
    voiced = [next((f for f in found if {a.lower() for a in f.aliases} & cues()[side]), None)
              for side in ("writer", "reader")]
    writer, reader = voiced
    if not found or min(counts) < 5 or (writer and reader):
        return
    if writer is None:
        writer = next((f for f in found if f is not reader and f.role == ("customer" if buyer_written else "provider")),
                      found[0] if len(found) == 1 and reader is None else None)
        if writer is None:
            return
        writer.aliases += ["we", "us", "our"]
    if reader is None:
        reader = next((f for f in found if f is not writer and f.role != "other"), None)
        if reader is None:
            reader = Found("You", [], 0, 0, "voice")
            found.append(reader)
        reader.aliases += ["you", "your"]


def find_parties(document: Document, clauses: tuple[Clause, ...]) -> tuple[tuple[Party, ...], tuple[str, ...]]:
    """The parties the document names, and warnings (e.g. two parties that both look like the provider)."""
    text = document.text
    if not text.strip():
        return (), ()
    buyer_written = bool(cues()["buyer_written"].search(text[:1500]))
    found = read_parties(text, clauses, buyer_written)
    _voice(text, found, buyer_written)
    begin = found[0].start if found else 0
    title = text[:300] + " " + text[max(0, begin - 400):begin]
    for f in found:  # the title names the deal, not "Mutual Insurance Corporation"
        for n in (f.name, *f.aliases):
            title = title.replace(n, " ")
    roles, warnings = _assign(text, found, title, buyer_written)
    parties = []
    for f, role in zip(found, roles, strict=True):
        spans = document.spans(f.start, f.start + len(f.name)) if f.end > f.start else ()
        aliases = tuple(dict.fromkeys(a for a in f.aliases if a and a != f.name))
        parties.append(Party(f.name, aliases, role, spans[0] if spans else None, f.source))
    return tuple(parties), tuple(warnings)


def apply_user_roles(parties: tuple[Party, ...], provider: str = "", customer: str = "") -> tuple[Party, ...]:
    """The user's choice wins: a named provider/customer gets that role (matched to a found party by name or alias,
    fuzzy via rapidfuzz); a name found nowhere in the document is kept and used as given (source="user")."""
    out, chosen = list(parties), {}
    for role, given in (("provider", provider.strip()), ("customer", customer.strip())):
        if not given:
            continue
        # the whole name, or its first words ("Brightline" for "Brightline Software Ltd")
        scores = [max((max(fuzz.token_sort_ratio(key(given), key(n)),
                           fuzz.token_set_ratio(key(given), key(n)) if len(key(given)) >= 4
                           and key(n).startswith(key(given)) else 0) for n in p.names), default=0) for p in out]
        best = max(range(len(out)), key=scores.__getitem__, default=-1)
        if best < 0 or scores[best] < USER_MATCH:  # kept as given, first (the customer after the provider)
            best = chosen.get("provider", -1) + 1
            out.insert(best, Party(given, (), role, None, "user"))
            chosen = {r: i + (i >= best) for r, i in chosen.items()}
        out = [replace(p, role="unclear") if p.role == role and i != best and i not in chosen.values() else p
               for i, p in enumerate(out)]
        out[best] = replace(out[best], role=role)
        chosen[role] = best
    if len(chosen) == 1:  # one side named: in a two-party document the other party is the other side
        (role, index), = chosen.items()
        others = [i for i, p in enumerate(out) if i != index and p.role != "other"]
        if len(others) == 1:
            out[others[0]] = replace(out[others[0]], role="customer" if role == "provider" else "provider")
    return tuple(out)


@lru_cache(maxsize=16)
def _lookup(parties: tuple[Party, ...]) -> dict[str, str]:
    """Every lower-cased name, alias and name without its company form, to its party's role; role words after."""
    table: dict[str, str] = dict(cues()["roles"])
    table.update(cues()["voice"])
    for p in parties:
        for n in p.names:
            for form in (n.lower(), key(n)):
                if form:
                    table[form] = p.role
    return table


def role_of(parties: tuple[Party, ...], mention: str) -> str | None:
    """The role of the party a subject phrase names ("Licensee", "the Provider", "Rogers", "we", "you"), or None."""
    low = SPACE.sub(" ", mention.strip().lower())
    low = re.sub(r"^(?:the|each|such)\s+|['’]s$", "", low)
    table = _lookup(tuple(parties))
    return table.get(low) or table.get(key(low)) if low else None
