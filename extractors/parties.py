"""Who a document names as its parties, and which of them provides and which receives.

Read in order of strength: the preamble of a contract ("made by and between Rogers Cable Communications Inc., an
Ontario corporation ("Rogers"), and XYZ Ltd. (the "Supplier")"), the cover block of a proposal ("Prepared for:",
"Prepared by:"), the signature block (a name in capitals above "By:"), and the voice of terms of service and
proposals (the writer, "we", provides; the reader, "you", receives). A role comes from the document's own words:
a role word in a party's alias or description ("Licensee", "as Servicer"), the cover label, the voice, and else a
count, across the whole document, of the sentences in which each party "shall provide the Services" or "shall pay
the fees". Where the document does not say (a collaboration), the role is ``unclear`` rather than a guess. The
phrases are data (resources/extract/parties.toml); nothing here knows any one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from rapidfuzz import fuzz

import resources
from extractors.model import Clause, Document, Party

Q_OPEN, Q_CLOSE = "\"“”'‘’`", "\"“”'’`"
QUOTED = re.compile(r"(?<![A-Za-z])[\"“”‘'`]{1,2}([^\"“”‘’`]{1,60}?)[\"“”’'`]{1,2}(?![A-Za-z])")
PAREN = re.compile(r"\(([^()]{1,300})\)")
HEREINAFTER = re.compile(r",?\s*\b(?:hereinafter|hereafter|referred\s+to|called|known|designated)\b"
                         r"[^\"“”()]{0,40}?(?=[\"“])((?:[\"“][^\"“”]{1,60}[\"”]"
                         r"(?:\s*(?:,|or|and|and/or)\s*(?:by reference\s*)?)?)+)")
BARE_ALIAS = re.compile(r"^(?P<defining>(?:(?:hereinafter|hereafter)\s+)?(?:(?:referred\s+to|called|known)\s+as\s+)?"
                        r"(?:the\s+)?)([A-Z][\w&.@'’\-]*(?:\s+[A-Z0-9][\w&.@'’\-]*){0,3})$", re.I)
SPACE = re.compile(r"\s+")
CONNECT = r"(?:of|and|&|de|la|du|von|van|der|y|e|the|for)"
HEAD_NAME = re.compile(rf"((?:[A-Z0-9][\w&.'’\-]*)(?:,?\s+(?:[A-Z0-9][\w&.'’\-]*|{CONNECT}))*)[\s,]")
STRICT_OPENER = re.compile(r"\b(?:this|the)\s+(?:[\w\-]+\s+){0,6}?(?:agreement|contract|addendum|amendment|licen[cs]e|lease|"
                           r"memorandum|dpa)\b|\b(?:made|entered)\b", re.I)
ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:Inc|Ltd|Corp|Co|Pty|Pte|Jr|Sr|Bros|Intl|Mfg|Assn|Ltda|Cia|Cie|Bhd|Nos?))\.$", re.I)
LEAD = re.compile(r"(?:[\s,;:.•●▪◦*]|\((?:[a-z]|[ivx]+|\d{1,2})\)|[-–]\s*and\s*[-–]|(?:by\s+)?and\b|by\b|between\b|among\b|"
                  r"with\b|(?-i:the)\b)*", re.I)
RUN = re.compile(rf"(?<![\w&.'’\-])[A-Z0-9][\w&.'’\-]*(?:,?\s+(?:[A-Z0-9][\w&.'’\-]*|{CONNECT}))*")
TAIL_NAME = re.compile(rf"(?<![\w,])((?:[A-Z][\w&.'’\-]*)(?:,?\s+(?:[A-Z0-9][\w&.'’\-]*|{CONNECT}))*)[\s,]*$")
FIRST_SECTION = re.compile(r"(?:(?:article|section)\s+)?(?:1|i|one)(?:\.0|\.1|\.01)?\.?")
USER_MATCH = 85  # rapidfuzz token-sort score for a name the user typed to be a found party
MARGIN = 3  # sentences more for one side than the other before the count decides a role
PLACE = re.compile(r"\b(?:laws?|state|province|republic|kingdom|located|incorporated|organi[sz]ed|registered|existing|"
                   r"offices?|address|headquarters|business|residing|resident)\s+(?:(?:of|in|at|under|is)\s+)+(?:the\s+)?$|"
                   r"\b(?:at|in)\s+$", re.I)
STRONG_FORMS = {"inc", "ltd", "llc", "corp", "corporation", "limited", "plc", "gmbh", "ag", "l.l.c", "lp", "l.p",
                "s.a", "n.a", "b.v", "n.v", "sa", "bv", "nv", "pty", "pte", "llp", "s.p.a", "a/s"}
AS_ROLE = re.compile(r"\bas\s+(?:the\s+|an?\s+|its\s+)?([a-z][a-z\- ]{2,30}?)\b(?:[,;)]|$| and| of| for)", re.I)
PARTY_LABEL = re.compile(r"^[ \t]*(?P<label>Party\s+(?:[A-Z]|\d))[ \t]*[:：][ \t]*(?P<value>\S.*)$", re.M)
WORD = re.compile(r"[A-Za-z0-9][\w&'’./\-]*")


@dataclass
class _Found:
    """A party while it is being read: its name, aliases, where it was named, and the evidence for its role."""

    name: str
    aliases: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    source: str = "preamble"
    role: str = ""  # from words: provider | customer | other, or "" when the words do not say
    described: str = ""  # the words between the name and its alias ("a Delaware corporation, as Servicer")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@cache
def _cues() -> dict:
    """The data file, with its word lists turned into sets and patterns once per process."""
    data = resources.load_toml("extract", "parties.toml")
    roles = {w: role for role, words in data["roles"].items() for w in words}
    voice = {w: "provider" for w in data["voice"]["writer"]} | {w: "customer" for w in data["voice"]["reader"]}
    p, c, m, lg = data["preamble"], data["cover"], data["mechanism"], data["legal"]
    cover = "|".join(f"(?P<{role}>{_alternation(c[role])})" for role in ("customer", "provider"))
    lg_alt = _alternation(lg["suffixes"])
    return {
        "roles": roles, "voice": voice, "not_party": set(p["not_party"]), "job": set(c["job_titles"]),
        "suffixes": set(lg["suffixes"]), "sig_skip": set(data["signature"]["not_names"]),
        "between": re.compile(rf"\b(?:{_alternation(p['between'])})\b", re.I),
        "opener": re.compile(rf"\b(?:{_alternation(p['opener'])})\b", re.I),
        "stop": re.compile(rf"(?:^|\n|\.\s)\s*(?:{_alternation(p['stop'])})\b|\b(?:agrees?|agreed) as follows", re.I),
        "group": re.compile(rf"\b(?:{_alternation(p['group'])})\b(?!\s+with\s+(?:its|their|any|such|all)\b)", re.I),
        "descriptor": re.compile(rf",\s*(?:{_alternation(p['descriptor'])})\b|,\s*(?=[a-z(])|\s+\(|\s+(?:a|an)\s+"
                                 r"(?:[A-Z][\w.\-]*\s+){0,4}(?i:corporation|company|limited|partnership|"
                                 r"entity|association|bank|society)\b|\s+(?:with|having|whose|located|organized|"
                                 r"residing|incorporated under|existing under|hereinafter|hereafter|through|acting)\s"),
        "address": re.compile(rf"\b(?:{_alternation(lg['address'])})(?:\b|$)|,\s*[A-Z]{{2}}$", re.I),
        "after_form": re.compile(rf"\b(?:{'|'.join(map(re.escape, STRONG_FORMS))})\.?(?P<cut>,\s+(?!(?:{lg_alt})\b)|"
                                 r"\s+of\s+(?=[^,\n]{0,30}\d))", re.I),
        "cover": re.compile(rf"^[\s*_>|#\-•]*(?:{cover})\b[*_]*\s*(?P<colon>[:\-–—|])?[*_]*\s*(?P<value>\S.*)$",
                            re.I | re.M),
        "cover_field": re.compile(rf"\s*(?:{_alternation(c['fields'])})\b", re.I),
        "issuer": re.compile(rf"^[\s*_>]*(?:{_alternation(c['issuer'])})\s*:\s*(?P<value>\S.*)$", re.I | re.M),
        "buyer_written": re.compile(rf"\b(?:{_alternation(data['voice']['buyer_written'])})\b", re.I),
        "title_for": re.compile(r"^.{0,60}\b(?:proposal|quote|quotation|offer|estimate)\s+for\s+(?:the\s+)?"
                                r"(?P<customer>[A-Z][^\n]{2,60}?)(?:\s+(?:from|by)\s+(?P<provider>[A-Z][^\n]{2,60}))?$",
                                re.M),
        "sig_open": re.compile(rf"\b(?:{_alternation(data['signature']['opener'])})\b", re.I),
        "mutual": re.compile(rf"\b(?:{_alternation(m['mutual'])})\b", re.I),
        "act": rf"(?:\s*,)?\s+(?:(?:{_alternation(m['modal'])})\s+)?(?:[\w,]+\s+){{0,2}}?",
        "provide": _alternation(m["provide"]), "pay": _alternation(m["pay"]), "supply": _alternation(m["supply"]),
        "objects": _alternation(m["objects"]), "paid": _alternation(m["paid"]),
        "as_role": rf"(?:(?:its|the|a|an|their|sole|exclusive|non-exclusive|authori[sz]ed|independent)\s+)*"
                   rf"(?P<role>{_alternation(list(roles))})\b",
        "writer": set(data["voice"]["writer"]), "reader": set(data["voice"]["reader"]),
    }


def _clean(name: str) -> str:
    """One line, no trailing punctuation or quotes, no leading "and"/"between", numbering or "Party B:" label."""
    name = SPACE.sub(" ", re.sub(r"(?<=\w)-\n(?=\w)", "-", name)).strip(" ,;:-–—\"“”'‘’*_|>")
    name = re.sub(r"^(?:(?:by\s+)?and\s+|between\s+|among\s+|by\s+|with\s+|of\s+|\(?\d{1,2}[.)]\s+|\([a-z]\)\s+|"
                  r"[A-Z][\w ]{0,18}:\s+)+", "", name, flags=re.I).strip()
    name = re.sub(rf"(?:\s+{CONNECT})+$", "", name).strip(" ,;:\"“”'‘’")
    if name.endswith(".") and not ABBREVIATION.search(name):
        name = name[:-1]  # a sentence's full stop, not an abbreviation's
    return name


def _alias(term: str) -> str:
    term = _clean(term)
    return re.sub(r"^the\s+", "", term, flags=re.I)


def _suffixed(name: str) -> bool:
    """The name ends with (or holds) a company-form word: a legal name."""
    words = [w.lower().rstrip(",") for w in name.replace(",", " ").split()]
    return any(w in _cues()["suffixes"] or w.rstrip(".") in _cues()["suffixes"] for w in words[1:])


def _is_name(name: str) -> bool:
    """Looks like what a party is called: capitalised, short, not a date, not the document itself."""
    words = WORD.findall(name)
    if all(w.lower().rstrip(".") in _cues()["suffixes"] | {"and", "or", "the", "of"} for w in words):
        return False  # "Inc." or "AND" alone
    if sum(c.isalpha() for c in name) < 3 or not 2 <= len(name) <= 120 or len(name.split()) > 14 or not (
            name[0].isupper() or name[0].isdigit() or re.match(r"[a-z]+(?:[.\-@][a-z]|[A-Z])", name)):
        return False
    if re.match(r"(?:this|that|these|dated|as of|section|article|exhibit|schedule|whereas|now|in|on|the parties|"
                r"each|all|any|such|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|"
                r"november|december)\b", name, re.I):
        return False
    if not _suffixed(name) and (re.search(r"\b(?:agreement|hereof|hereto|hereby|dated|herein|effective)\b", name, re.I)
                                or _cues()["address"].search(name)):
        return False  # the document itself, or an address ("General Atomics Court, San Diego, CA")
    content = [w for w in words if w.lower() not in ("of", "and", "the", "for", "to", "de", "la", "du", "von", "van",
                                                     "der", "y", "e", "d/b/a", "f/k/a", "a/k/a", "a.k.a.")
               and w.lower().rstrip(".") not in _cues()["suffixes"]] or words
    return sum(w != w.lower() or w[0].isdigit() or "." in w or "-" in w for w in content) >= 0.75 * len(content)


def _party_term(alias: str) -> bool:
    """An alias that can stand for a party (not "Agreement", "Effective Date", "Products")."""
    low = alias.lower()
    if not alias or low in _cues()["not_party"] or low.split()[-1] in _cues()["not_party"] or len(alias) > 50:
        return False
    if not (alias[0].isupper() or low in _cues()["voice"] or re.fullmatch(r"[a-z][\w.\-]{2,}", alias)):
        return False  # a lower-case "theglobe" stays only where it shortens the name it follows
    if re.search(r"\d{3,}|\bno\.|\bpart(?:y|ies)$", low):
        return False  # "Registered Company No. 5701810"
    return not re.search(r"\b(?:agreement|date|act|law|plan|products?|services|shares|notes|stock|code)$", low)


def _name_of(chunk: str) -> tuple[str, str, int]:
    """The party name a stretch of preamble ends with, its description, and the name's offset in the chunk."""
    cut = max(chunk.rstrip().rfind("\n\n"), 0)
    body = chunk[cut:]
    at = LEAD.match(body).end()
    name, described = _cut(body[at:])
    if not _is_name(name):
        # the chunk opens with other words (a date, the previous party's description): the name comes after
        # "between", else after the last "and" or ";", else it is the capitalised run just before the alias
        marks = list(_cues()["between"].finditer(body))
        joins = marks[-1:] or list(re.finditer(r"(?:[,;]\s*(?:and\s+)?|\s+and\s+)(?=(?:\([a-z\d]{1,3}\)\s*)?"
                                               r"(?:the\s+)?[A-Z0-9])", body))
        joins = [j for j in joins if _is_name(_cut(LEAD.sub("", body[j.end():], 1))[0]) and not (
            j.group().startswith(",") and "and" not in j.group() and re.search(r"[A-Z]\w*$", body[:j.start()]) and
            not _suffixed(_cut(body[j.end():])[0]))]  # not "Guangzhou, China", but "its Reseller, Schoolpop, Inc."
        semi = [j for j in joins if not j.group().startswith(",") or "and" in j.group()]
        tail = TAIL_NAME.search(body)
        legal = next((r.start() for r in RUN.finditer(body) if _suffixed(n := _cut(r.group())[0]) and _is_name(n)
                      and not re.search(r"\b(?:an?|of|in|under|at)\s+$", body[:r.start()], re.I)), None)
        if semi or joins:
            at = LEAD.match(body, (semi or joins)[-1].end()).end()
        elif legal is not None:
            at = legal  # "... under which MediaNet Group Technologies, Inc., a Nevada corporation having ..."
        elif tail and _is_name(_clean(tail.group(1))) and not PLACE.search(body[:tail.start(1)]):
            at = tail.start(1)  # "agent for Robbie Fowler ("Talent")", not "organized under the laws of Texas"
        else:
            return "", body.strip(), -1
        name, described = _cut(body[at:])
    inner = re.search(r"\b(?!(?:of|and|de|la|du|von|van|der|the)\b|d/b/a|f/k/a|a/k/a)[a-z][a-z]+\b.*?\b(?=[A-Z])", name)
    if inner and not _suffixed(name[:inner.start()]) and (tail := TAIL_NAME.search(name)) and _is_name(tail.group(1)):
        name = _clean(tail.group(1))  # "As an inducement to Kiosk Concepts, Inc." -> "Kiosk Concepts, Inc."
    first = body.find(name.split()[0], at) if name else at
    return name, described, cut + max(first, at)


def _cut(text: str) -> tuple[str, str]:
    """Split "ACME Inc., a Delaware corporation with offices at ..." into the name and its description."""
    m = _cues()["descriptor"].search(text)
    while m and (re.match(r",\s*(?:d/b/a|f/k/a|a/k/a|a\.k\.a\.|n\.a\.|inc\b|ltd\b|llc\b|corp\b|l\.l\.c\.|plc\b)",
                          text[m.start():], re.I) or re.match(r"\s+\([^()]{1,30}\)\s+[A-Z(]", text[m.start():])):
        m = _cues()["descriptor"].search(text, m.end())
    after = _cues()["after_form"].search(text)  # "Consolidated Artists Inc., Sommerville House, ..."
    if after and (not m or after.start("cut") < m.start()):
        m = after
    at = (m.start("cut") if m is after else m.start()) if m else len(text)
    name = text[:at]
    lines = name.strip().split("\n")
    keep = next((i for i, line in enumerate(lines) if i and re.search(r"\d{2,}", line)), len(lines))
    street = re.search(r"(?<=\S)\s+\d{2,}\b", " ".join(lines[:keep]))  # "Data Call Technologies, Inc. 600 Kenrick"
    name = " ".join(lines[:keep])
    if street and not _suffixed("x " + name[street.start():]):  # "WPP 2005 LIMITED" keeps its number
        name = name[:street.start()]
    return _clean(name), text[at:]


def _definitions(region: str) -> list[tuple[int, int, list[str]]]:
    """Every defined short name in the preamble: (start, end, terms), in parentheses or after "hereinafter"."""
    out = []
    for m in PAREN.finditer(region):
        body = m.group(1)
        terms = []
        for q in QUOTED.finditer(body):
            if _cues()["group"].search(body[:q.start()]):
                break  # "(together with Seller, "Arizona")" names a group, not a party
            terms.append(q.group(1))
        if not terms and not QUOTED.search(body) and (bare := BARE_ALIAS.match(body.strip())) and \
                bare.group(2)[0].isupper() and (bare.group("defining") or
                                                bare.group(2).lower().rstrip(".") not in _cues()["suffixes"]) and \
                len(bare.group(2)) <= 30:
            # unquoted: "(the Company)", "(Transporter)", "(hereinafter referred to as Party A)" define a name;
            # a bare "(MICOA)" must abbreviate the name before it
            terms = [("" if bare.group("defining") or _role_word(bare.group(2)) or
                      re.fullmatch(r"Party\s+\w", bare.group(2)) else "\0") + bare.group(2)]
        if not terms and (broken := re.fullmatch(r"\s*[\"“]([A-Z][^\"“”]{1,40}?)\s*", body)):
            terms = [broken.group(1)]  # ("Celebrity) with its closing quote lost
        if terms:
            out.append((m.start(), m.end(), terms))
    for m in HEREINAFTER.finditer(region):
        if not any(s <= m.start() < e for s, e, _ in out):
            out.append((m.start(), m.end(), [q.group(1) for q in QUOTED.finditer(m.group(1))]))
    return sorted(out)


def _preamble_region(text: str, clauses: tuple[Clause, ...]) -> tuple[int, int]:
    """Where the parties are introduced: from the last "between" (after the document's name) before the first
    defined party name to the recitals; with no such "between", from the top."""
    head = text[:30000]
    starts = [m.start() for m in _cues()["between"].finditer(head)
              if _cues()["opener"].search(head[max(0, m.start() - 300):m.start()])]
    first = next((s for s, _, terms in _definitions(head)
                  if any(not t.startswith("\0") and _party_term(_alias(t)) for t in terms)), None)
    before = [b for b in starts if first is None or b < first]
    start = (before[-1] if first is not None else before[0]) if before else 0
    return start, _end(text, start, clauses)


def _end(text: str, start: int, clauses: tuple[Clause, ...]) -> int:
    """Where a preamble that begins at ``start`` ends: the recitals, "agree as follows", or the first section (a
    "WHEREAS" before any defined name opens recitals that name the parties)."""
    first = next((m.start() for m in PAREN.finditer(text, start, start + 4000) if QUOTED.search(m.group(1))), start)
    stop = _cues()["stop"].search(text, max(start + 20, first), start + 4000)
    numbered = next((c.start for c in clauses if c.start > start + 40 and FIRST_SECTION.fullmatch(c.number.lower())),
                    len(text))
    return min(stop.start() if stop else start + 3000, numbered, len(text))


def _abbreviates(alias: str, name: str) -> bool:
    """An unquoted "(MICOA)" counts as an alias only when it shortens the name before it."""
    initials = "".join(w[0] for w in WORD.findall(name)).lower()
    letters = [c for c in alias.lower() if c.isalnum()]
    it = iter(initials)
    return alias.lower() in name.lower() or (len(letters) >= 2 and all(c in it for c in letters))


def _from_preamble(text: str, clauses: tuple[Clause, ...]) -> list[_Found]:
    """Each defined short name of the preamble with the name before it; then names of "between A and B"."""
    start, end = _preamble_region(text, clauses)
    region = text[start:end]
    found: list[_Found] = []
    prev = 0
    for s, e, terms in _definitions(region):
        bare = terms[0].startswith("\0")
        aliases = [a for a in (_alias(t.lstrip("\0")) for t in terms) if _party_term(a)]
        name, described, at = _name_of(region[prev:s])
        if bare and not (aliases and _is_name(name) and _suffixed(name) and _abbreviates(aliases[0], name)):
            continue  # "(Shanghai)" in "PPG Paints Trading (Shanghai) Co Ltd": part of the name
        chunk, offset, prev = region[prev:s], prev, e
        if not aliases:
            continue
        if found and not chunk.strip(" ,;\n") and start + s - found[-1].end < 40:
            found[-1].aliases += [a for a in aliases if a not in found[-1].aliases]
            continue
        if at < 0 and found and start + s - found[-1].end < 400 and not re.search(r"\band\b|;", chunk):
            found[-1].aliases += [a for a in aliases if a not in found[-1].aliases]  # ("SLD") a Beijing company, ...
            found[-1].described += chunk                                            # ... (the "Sponsor")
            continue
        aliases = [a for a in aliases if not a[0].islower() or a in _cues()["voice"] or a.lower() in name.lower()]
        if not aliases:
            continue
        if not _is_name(name) or len(found) > 12:
            words = chunk.replace("_", " ").split()
            if not (aliases[0].lower() in _cues()["voice"] | _cues()["roles"].keys() and
                    (len(words) <= 8 or "___" in chunk or "[" in chunk)):
                continue  # a blank to fill in ("_____, as Franchise Owner ("you")"): the alias names the party
            name, at = aliases[0][:1].upper() + aliases[0][1:], len(chunk) - len(chunk.lstrip())
        found.append(_Found(name, aliases, start + offset + at, start + s, described=described))
    return _merge([], found)


def _between_list(text: str, start: int, end: int) -> list[_Found]:
    """Names listed after the document's "between" with no defined alias: "This Agreement is made between
    Galacticomm and Horst Entertainment Inc."; each name is the capitalised run an item opens with."""
    m = _cues()["between"].match(text, start)
    before = text[max(0, start - 300):start]
    if not m or not (STRICT_OPENER.search(before) or re.search(r"\b(?:agreement|contract)\s*$", before, re.I)):
        return []
    span = text[m.end():end]
    stop = next((x for x in re.finditer(r"\.\s|\n\s*\n", span) if not ABBREVIATION.search(span[:x.start() + 1])),
                None)
    span = span[:stop.start() if stop else None]
    found, at = [], m.end()
    for item in re.split(r"(\n\s*(?:AND|And|and)\s*:?\s*\n|,?\s+(?:and|AND)\s+(?=[A-Z])|\s*;\s*(?:and\s+)?)", span):
        lead = len(item) - len(item.lstrip(" \n:"))
        head = HEAD_NAME.match(item.strip(" \n:").split("\n")[0] + " ")
        name = _cut(head.group(1))[0] if head else ""
        if _is_name(name) and (_suffixed(name) or name.isupper() or len(name.split()) <= 4):
            found.append(_Found(name, [], at + lead, at + lead + len(name)))
        elif item.strip(" ,;:\n") and not re.fullmatch(r"\s*(?:and|AND|And)?[\s:]*", item):
            break  # the list has ended
        if len(found) == 2 and m.group().lower().endswith("between"):
            break
        at += len(item)
    return found


def _cover_name(value: str) -> str:
    """The organisation a cover entry names: "Lena Brandt, Director, Contoso Freight GmbH" -> the company."""
    value = re.sub(r"\s*\([^)]*\)?", "", value.strip(" *_"))
    value = re.split(r"\s+[—–]\s+|\s+-\s+|\s*;|\s+\|\s+|\s{3,}", value)[0]
    pieces: list[str] = []
    for piece in (p.strip(" *_") for p in value.split(",")):
        if pieces and piece.lower().rstrip(".") in _cues()["suffixes"] | {"inc", "ltd", "llc", "l.l.c", "co"}:
            pieces[-1] += ", " + piece + ("." if piece.lower() in ("inc", "ltd", "co", "corp") else "")
        elif piece:
            pieces.append(piece)
    legal = [p for p in pieces if _suffixed(p)]
    if legal:
        return _clean(legal[0])
    if len(pieces) >= 3 and set(pieces[1].lower().replace("-", " ").split()) & _cues()["job"]:
        return _clean(pieces[2])
    return _clean(pieces[0]) if pieces else ""


def _continued(head: str, end: int) -> str:
    """The next line of a cover entry broken over two lines ("General Services" / "Administration (GSA)")."""
    following = head[end + 1:].split("\n", 1)[0]
    if following.strip() and not re.match(r"\s*[\w ]{1,30}:", following) and not _cues()["cover"].match(following) \
            and not _cues()["cover_field"].match(following):
        return " " + following
    return ""


def _from_cover(text: str, buyer_written: bool) -> list[_Found]:
    """Cover-block entries of the first page: "Prepared for", "Prepared by", "Client:", "Proposal for X"."""
    head = text[:2500]
    found = []
    for m in _cues()["cover"].finditer(head):
        role = "customer" if m.group("customer") else "provider"
        label = m.group(role).lower()
        if not m.group("colon") and len(label.split()) < 2:
            continue  # "Client shall ..." is a sentence; only a two-word label may stand without a colon
        if buyer_written and label == "from":
            continue
        name = _cover_name(m.group("value") + _continued(head, m.end()))
        if _is_name(name):
            found.append(_Found(name, [], m.start("value"), m.start("value") + len(name), "cover", role))
    if buyer_written:
        for m in _cues()["issuer"].finditer(head):
            name = _cover_name(m.group("value") + _continued(head, m.end()))
            if _is_name(name):
                found.append(_Found(name, [], m.start("value"), m.start("value") + len(name), "cover", "customer"))
    for m in PARTY_LABEL.finditer(head):  # "Party A: Didi Chuxing Technology Co., Ltd."
        name = _cover_name(m.group("value"))
        if _is_name(name):
            found.append(_Found(name, [m.group("label")], m.start("value"), m.start("value") + len(name), "preamble"))
    for m in _cues()["title_for"].finditer(head[:600]):
        for role in ("customer", "provider"):
            if m.group(role) and _is_name(name := _cover_name(m.group(role))):
                found.append(_Found(name, [], m.start(role), m.start(role) + len(name), "cover", role))
    return found


def _columns(line: str) -> list[str]:
    """A signature line set in two columns ("NETZEE, INC. THE BANKERS BANK") split after each company form."""
    words, pieces, current = line.split(), [], []
    for k, word in enumerate(words):
        current.append(word)
        rest = words[k + 1:]
        if word.lower().strip(".,:") in STRONG_FORMS and rest and rest[0][:1].isupper() and \
                any(w.lower().strip(".,:") not in _cues()["suffixes"] for w in rest):
            pieces.append(" ".join(current))
            current = []
    return [*pieces, " ".join(current)] if current else pieces


def _from_signatures(text: str) -> list[_Found]:
    """Names set above "By:" lines after "IN WITNESS WHEREOF" (a role label before a name is kept as its alias)."""
    opens = list(_cues()["sig_open"].finditer(text))
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
            alias = _alias(label) if label and _role_word(label) else ""
            name = _cut(rest if label else piece)[0]
            if not _is_name(name) or name.split()[0].lower() in _cues()["sig_skip"] or \
                    not (_suffixed(name) or (name.isupper() and len(name.split()) <= 6)):
                continue
            at = at_line + line.find(name.split()[0])
            found.append(_Found(name, [alias] if alias else [], at, at + len(name), "signature"))
    return found


def _key(name: str) -> str:
    """A name without case, punctuation, articles and company forms, for telling two mentions apart."""
    words = re.sub(r"[^a-z0-9& ]", " ", name.lower().replace(".", "")).split()
    return " ".join(w for w in words if w not in _cues()["suffixes"] and w != "the")


def _same(a: _Found, b: _Found) -> bool:
    keys_a = {_key(n) for n in [a.name, *a.aliases]} - {""}
    keys_b = {_key(n) for n in [b.name, *b.aliases]} - {""}
    if keys_a & keys_b or any(fuzz.ratio(x, y) >= 90 for x in keys_a for y in keys_b if len(x) > 3):
        return True
    short = [(x, y) for x in (a.name, b.name) for y in (a.name, b.name) if x != y and x.isupper() and len(x) <= 6]
    return any(_abbreviates(x, y) and len(x) >= 3 for x, y in short)  # "GSA" for "General Services Administration"


def _merge(found: list[_Found], more: list[_Found]) -> list[_Found]:
    """Add parties read from a weaker place; a party already known takes the new aliases and role evidence."""
    for extra in more:
        known = next((f for f in found if _same(f, extra)), None)
        if known is None:
            found.append(extra)
        else:
            known.aliases += [a for a in extra.aliases if a not in known.aliases and a != known.name]
            known.role = known.role or extra.role
    return found


def _role_word(phrase: str) -> str:
    """provider / customer / other for a role word or an alias ending in one ("Application Provider"), else ""."""
    low = SPACE.sub(" ", phrase.strip().lower())
    roles = _cues()["roles"]
    return (roles.get(low) or _cues()["voice"].get(low) or roles.get(low.split()[-1], "")) if low else ""


def _word_role(party: _Found, acts_as: list[str]) -> str:
    """The role a party's own words give it: its aliases ("Licensee"), "as Servicer" in its description or in the
    text ("appoints Siemens as its exclusive distributor"), we / you; none when those words disagree."""
    hints = [_role_word(a) for a in party.aliases] + [_role_word(party.name) if party.name.islower() or
                                                      party.name.lower() in _cues()["roles"] else ""]
    hints += [_role_word(m.group(1)) for m in AS_ROLE.finditer(party.described)] + [_role_word(a) for a in acts_as]
    hints = [h for h in hints if h]
    return party.role or (hints[0] if len(set(hints)) == 1 else "")


def _evidence(text: str, found: list[_Found]) -> tuple[list[list[int]], list[list[str]]]:
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
    c, who = _cues(), rf"(?<![\w\-])(?:the\s+)?(?P<who>{_alternation(list(keys))})(?![\w\-])"
    patterns = (
        (0, rf"{who}(?:'s)?{c['act']}(?:{c['provide']})(?:e?s|e?d|ing)?\b(?:\W+\w+){{0,5}}?\W+(?:{c['objects']})\b"),
        (0, rf"{who}(?:'s)?{c['act']}(?:{c['supply']})(?:e?s|e?d|ing)?\b"),
        (1, rf"{who}(?:'s)?{c['act']}(?:{c['pay']})(?:e?s|e?d|ing)?\b"),
        (0, rf"\b(?:{c['paid']})\s+(?:to\s+|by\s+\w+\s+to\s+)?{who}"),
        (1, rf"\b(?:{c['provide']})(?:e?s|e?d|ing)?\s+(?:[\w,]+\s+){{0,6}}?(?:to|for)\s+{who}"),
        (2, rf"\b(?:appoint|engage|retain|designate|hire)\w*\s+{who}\s+(?:\w+\s+){{0,3}}?as\s+{c['as_role']}"),
        (2, rf"{who}\s+(?:\w+\s+){{0,2}}?(?:act|serve)s?\s+as\s+{c['as_role']}"),
    )
    for side, pattern in patterns:
        for m in re.finditer(pattern, text, re.I):
            name = m.group("who")
            if name[0].islower() and name.lower() not in c["voice"]:
                continue  # a capitalised defined name, or we / you
            i = keys[SPACE.sub(" ", name.lower())]
            if side == 2:
                acts[i].append(m.group("role"))
            else:
                counts[i][side] += 1
    return counts, acts


def _assign(text: str, found: list[_Found], title: str, buyer_written: bool) -> tuple[list[str], list[str]]:
    """Roles for every party from its words, then, where the words are silent or disagree, from the count of its
    providing and paying sentences; and warnings."""
    counts, acts = _evidence(text, found)
    roles = [_word_role(f, a) for f, a in zip(found, acts, strict=True)]
    if buyer_written:  # in a request for quotes "we" is the buyer
        flip = {"provider": "customer", "customer": "provider"}
        roles = [flip.get(r, r) if any(a.lower() in _cues()["voice"] for a in f.aliases) else r
                 for r, f in zip(roles, found, strict=True)]
    warnings: list[str] = []
    main = [i for i, r in enumerate(roles) if r != "other"]
    if not any(roles[i] for i in main) and _cues()["mutual"].search(title):
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
        if sign * (net[i] - net[j]) < MARGIN or sign * net[i] < MARGIN:
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


def _short_names(text: str, name: str) -> list[str]:
    """How a party with no defined alias is called in the text: the first words of its name that recur
    ("Kestrel Point" for "Kestrel Point IT Ltd")."""
    words = [w for w in name.replace(",", " ").split() if w.lower().strip(".") not in _cues()["suffixes"]]
    out = []
    for k in range(len(words), 0, -1):
        short = " ".join(words[:k])
        if short != name and (k > 1 or len(short) >= 5) and not re.search(rf"(?:&|\b{CONNECT})$", short) and \
                len(re.findall(rf"(?<![\w&]){re.escape(short)}(?![\w&])", text)) >= (2 if k > 1 else 3) and \
                (k > 1 or not re.search(rf"\b{re.escape(short.lower())}\b", text)):  # "general" is no name
            out.append(short)
    return out[:2]


def _voice(text: str, found: list[_Found], buyer_written: bool) -> None:
    """A document that speaks as "we" to "you": the writer (the cover's "prepared by", or the one party named) is
    "we", the other party (or, when the document names none, the reader) is "you"."""
    counts = [len(re.findall(rf"\b(?:{words})\b", text[:60000], re.I)) for words in ("we|our|us", "you|your")]
    voiced = [next((f for f in found if {a.lower() for a in f.aliases} & _cues()[side]), None)
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
            reader = _Found("You", [], 0, 0, "voice")
            found.append(reader)
        reader.aliases += ["you", "your"]


def find_parties(document: Document, clauses: tuple[Clause, ...]) -> tuple[tuple[Party, ...], tuple[str, ...]]:
    """The parties the document names, and warnings (e.g. two parties that both look like the provider)."""
    text = document.text
    if not text.strip():
        return (), ()
    head = text[:3000]
    buyer_written = bool(_cues()["buyer_written"].search(head[:1500]))
    found = _from_preamble(text, clauses)
    cover = _from_cover(text, buyer_written)
    if len(found) < 2 and len(cover) < 2:
        found = _merge(found, _between_list(text, *_preamble_region(text, clauses)))
    found = _merge(found, cover)
    if len(found) < 2:
        found = _merge(found, _from_signatures(text))
    found = [f for f in found if f.name]
    for f in found:
        if not f.aliases:
            f.aliases = _short_names(text, f.name)
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
        scores = [max((fuzz.token_sort_ratio(_key(given), _key(n)) for n in p.names), default=0) for p in out]
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
    table: dict[str, str] = dict(_cues()["roles"])
    table.update(_cues()["voice"])
    for p in parties:
        for n in p.names:
            for key in (n.lower(), _key(n)):
                if key:
                    table[key] = p.role
    return table


def role_of(parties: tuple[Party, ...], mention: str) -> str | None:
    """The role of the party a subject phrase names ("Licensee", "the Provider", "Rogers", "we", "you"), or None."""
    low = SPACE.sub(" ", mention.strip().lower())
    low = re.sub(r"^(?:the|each|such)\s+|['’]s$", "", low)
    table = _lookup(tuple(parties))
    return table.get(low) or table.get(_key(low)) if low else None
