"""How a party's name is read out of legal prose: the preamble's defined names, and a name cut from its description.

The preamble gives most: each defined short name ("Rogers", (the "Supplier"), hereinafter referred to as
"Consultant", (the Company)) with the name before it, cleaned of its description ("an Ontario corporation with
offices at ..."), and, where no alias is defined, the names of "between A and B". The helpers that tell a name from
an address, a date or a defined term are shared with extractors/parties.py, which reads the cover and signature
blocks and decides the roles. Words and phrases are data (resources/extract/parties.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

import resources
from extractors.model import Clause

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
STRICT_OPENER = re.compile(r"\b(?:this|the)\s+(?:[\w\-]+\s+){0,6}?(?:agreement|contract|addendum|amendment|licen[cs]e|"
                           r"lease|memorandum|dpa)\b|\b(?:made|entered)\b", re.I)
ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:Inc|Ltd|Corp|Co|Pty|Pte|Jr|Sr|Bros|Intl|Mfg|Assn|Cia|Bhd|No))\.$", re.I)
LEAD = re.compile(r"(?:[\s,;:.•●▪◦*]|\((?:[a-z]|[ivx]+|\d{1,2})\)|[-–]\s*and\s*[-–]|(?:by\s+)?and\b|by\b|between\b|"
                  r"among\b|with\b|(?-i:the)\b)*", re.I)
RUN = re.compile(rf"(?<![\w&.'’\-])[A-Z0-9][\w&.'’\-]*(?:,?\s+(?:[A-Z0-9][\w&.'’\-]*|{CONNECT}))*")
TAIL_NAME = re.compile(rf"(?<![\w,])((?:[A-Z][\w&.'’\-]*)(?:,?\s+(?:[A-Z0-9][\w&.'’\-]*|{CONNECT}))*)[\s,]*$")
FIRST_SECTION = re.compile(r"(?:(?:article|section)\s+)?(?:1|i|one)(?:\.0|\.1|\.01)?\.?")
PLACE = re.compile(r"\b(?:laws?|state|province|republic|kingdom|located|incorporated|organi[sz]ed|registered|existing|"
                   r"offices?|address|headquarters|business|residing|resident)\s+(?:(?:of|in|at|under|is)\s+)+(?:the\s+)?$|"
                   r"\b(?:at|in)\s+$", re.I)
STRONG_FORMS = {"inc", "ltd", "llc", "corp", "corporation", "limited", "plc", "gmbh", "ag", "l.l.c", "lp", "l.p",
                "s.a", "n.a", "b.v", "n.v", "sa", "bv", "nv", "pty", "pte", "llp", "s.p.a", "a/s"}
ELSEWHERE = re.compile(r"\b(?:named|identified|listed|set\s+forth|specified|designated|described)\s+(?:on|in|at|below|"
                       r"above|hereafter)\b(?:\s+the\s+(?:signature|cover|first)\s+page)?", re.I)
DOCUMENT_TITLE = re.compile(r"(?:\b[A-Z][\w\-]*\s+){1,6}(?:AGREEMENT|Agreement|CONTRACT|Contract|ADDENDUM|Addendum|"
                            r"AMENDMENT|Amendment|LICENSE|License|LEASE|Lease)\W*$")
WORD = re.compile(r"[A-Za-z0-9][\w&'’./\-]*")


@dataclass
class Found:
    """A party while it is being read: its name, aliases, where it was named, and the evidence for its role."""

    name: str
    aliases: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    source: str = "preamble"
    role: str = ""  # from words: provider | customer | other, or "" when the words do not say
    described: str = ""  # the words between the name and its alias ("a Delaware corporation, as Servicer")


def alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@cache
def cues() -> dict:
    """The data file, with its word lists turned into sets and patterns once per process."""
    data = resources.load_toml("extract", "parties.toml")
    roles = {w: role for role, words in data["roles"].items() for w in words}
    voice = {w: "provider" for w in data["voice"]["writer"]} | {w: "customer" for w in data["voice"]["reader"]}
    p, c, lg = data["preamble"], data["cover"], data["legal"]
    cover = "|".join(f"(?P<{role}>{alternation(c[role])})" for role in ("customer", "provider"))
    lg_alt = alternation(lg["suffixes"])
    return {
        "roles": roles, "voice": voice, "not_party": set(p["not_party"]), "job": set(c["job_titles"]),
        "suffixes": set(lg["suffixes"]), "sig_skip": set(data["signature"]["not_names"]),
        "between": re.compile(rf"\b(?:{alternation(p['between'])})\b", re.I),
        "opener": re.compile(rf"\b(?:{alternation(p['opener'])})\b", re.I),
        "stop": re.compile(rf"(?:^|\n|\.\s)\s*(?:{alternation(p['stop'])})\b|\b(?:agrees?|agreed) as follows", re.I),
        "group": re.compile(rf"\b(?:{alternation(p['group'])})\b(?!\s+with\s+(?:its|their|any|such|all)\b)", re.I),
        "descriptor": re.compile(rf",\s*(?:{alternation(p['descriptor'])})\b|,\s*(?=[a-z(])|\s+\(|\s+(?:a|an)\s+"
                                 r"(?:[A-Z][\w.\-]*\s+){0,4}(?i:corporation|company|limited|partnership|"
                                 r"entity|association|bank|society)\b|\s+(?:with|having|whose|located|organized|"
                                 r"residing|incorporated under|existing under|hereinafter|hereafter|through|acting)\s"),
        "address": re.compile(rf"\b(?:{alternation(lg['address'])})(?:\b|$)|,\s*[A-Z]{{2}}$", re.I),
        "after_form": re.compile(rf"\b(?:{'|'.join(map(re.escape, STRONG_FORMS))})\.?(?P<cut>,\s+(?!(?:{lg_alt})\b)|"
                                 r"\s+of\s+(?=[^,\n]{0,30}\d))", re.I),
        "cover": re.compile(rf"^[\s*_>|#\-•]*(?:{cover})\b[*_]*\s*(?P<colon>[:\-–—|])?[*_]*\s*(?P<value>\S.*)$",
                            re.I | re.M),
        "cover_field": re.compile(rf"\s*(?:{alternation(c['fields'])})\b", re.I),
        "issuer": re.compile(rf"^[\s*_>]*(?:{alternation(c['issuer'])})\s*:\s*(?P<value>\S.*)$", re.I | re.M),
        "buyer_written": re.compile(rf"\b(?:{alternation(data['voice']['buyer_written'])})\b", re.I),
        "title_for": re.compile(r"^.{0,60}\b(?:proposal|quote|quotation|offer|estimate)\s+for\s+(?:the\s+)?"
                                r"(?P<customer>[A-Z][^\n]{2,60}?)(?:\s+(?:from|by)\s+(?P<provider>[A-Z][^\n]{2,60}))?$",
                                re.M),
        "sig_open": re.compile(rf"\b(?:{alternation(data['signature']['opener'])})\b", re.I),
        "not_start": re.compile(rf"(?:{alternation(p['not_name_starts'])})\b", re.I),
        "writer": set(data["voice"]["writer"]), "reader": set(data["voice"]["reader"]), "mechanism": data["mechanism"],
    }


def clean(name: str) -> str:
    """One line, no trailing punctuation or quotes, no leading "and"/"between", numbering or "Party B:" label."""
    name = SPACE.sub(" ", re.sub(r"(?<=\w)-\n(?=\w)", "-", name)).strip(" ,;:-–—\"“”'‘’*_|>")
    name = re.sub(r"^(?:(?:by\s+)?and\s+|between\s+|among\s+|by\s+|with\s+|of\s+|\(?\d{1,2}[.)]\s+|\([a-z]\)\s+|"
                  r"[A-Z][\w ]{0,18}:\s+)+", "", name, flags=re.I).strip()
    name = re.sub(rf"(?:\s+{CONNECT})+$", "", name).strip(" ,;:\"“”'‘’")
    if name.endswith(".") and not ABBREVIATION.search(name):
        name = name[:-1]  # a sentence's full stop, not an abbreviation's
    return name


def alias(term: str) -> str:
    term = clean(term)
    return re.sub(r"^the\s+", "", term, flags=re.I)


def suffixed(name: str) -> bool:
    """The name ends with (or holds) a company-form word: a legal name."""
    words = [w.lower().rstrip(",") for w in name.replace(",", " ").split()]
    return any(w in cues()["suffixes"] or w.rstrip(".") in cues()["suffixes"] for w in words[1:])


def is_name(name: str) -> bool:
    """Looks like what a party is called: capitalised, short, not a date, not the document itself."""
    words = WORD.findall(name)
    if all(w.lower().rstrip(".") in cues()["suffixes"] | {"and", "or", "the", "of"} for w in words):
        return False  # "Inc." or "AND" alone
    if sum(c.isalpha() for c in name) < 3 or not 2 <= len(name) <= 120 or len(name.split()) > 14 or not (
            name[0].isupper() or name[0].isdigit() or re.match(r"[a-z]+(?:[.\-@][a-z]|[A-Z])", name)):
        return False
    if cues()["not_start"].match(name) or ":" in name:
        return False  # "This Agreement", "Section 4", "Saturday", "March 3"
    if not suffixed(name) and (re.search(r"\b(?:agreement|hereof|hereto|hereby|dated|herein|effective)\b", name, re.I)
                                or cues()["address"].search(name)):
        return False  # the document itself, or an address ("General Atomics Court, San Diego, CA")
    content = [w for w in words if w.lower() not in ("of", "and", "the", "for", "to", "de", "la", "du", "von", "van",
                                                     "der", "y", "e", "d/b/a", "f/k/a", "a/k/a", "a.k.a.")
               and w.lower().rstrip(".") not in cues()["suffixes"]] or words
    return sum(w != w.lower() or w[0].isdigit() or "." in w or "-" in w for w in content) >= 0.75 * len(content)


def _party_term(alias: str) -> bool:
    """An alias that can stand for a party (not "Agreement", "Effective Date", "Products")."""
    low = alias.lower()
    if not alias or low in cues()["not_party"] or low.split()[-1] in cues()["not_party"] or len(alias) > 50:
        return False
    if not (alias[0].isupper() or low in cues()["voice"] or re.fullmatch(r"[a-z][\w.\-]{2,}", alias)):
        return False  # a lower-case "theglobe" stays only where it shortens the name it follows
    if re.search(r"\d{3,}|\bno\.|\bpart(?:y|ies)$", low):
        return False  # "Registered Company No. 5701810"
    return not re.search(r"\b(?:agreement|date|act|law|plan|products?|services|shares|notes|stock|code)$", low)


def _name_of(chunk: str) -> tuple[str, str, int]:
    """The party name a stretch of preamble ends with, its description, and the name's offset in the chunk: read
    from the last paragraph, or from an earlier one when a form's blank lines split the party's entry."""
    breaks = [m.end() for m in re.finditer(r"\n\s*\n", chunk.rstrip())]
    cuts = [*breaks[::-1], 0]
    for k, cut in enumerate(cuts[:3]):
        found = _name_in(chunk[cut:])
        if found[2] >= 0 or len(chunk[cut:(cuts[k - 1] if k else None)].strip()) > 120:
            return found[0], found[1], cut + found[2] if found[2] >= 0 else -1
    return found


def _name_in(body: str) -> tuple[str, str, int]:
    """``_name_of`` for one stretch of text."""
    at = LEAD.match(body).end()
    name, described = split_name(body[at:])
    if not is_name(name):
        # the chunk opens with other words (a date, the previous party's description): the name comes after
        # "between", else after the last "and" or ";", else it is the capitalised run just before the alias
        marks = list(cues()["between"].finditer(body))
        joins = marks[-1:] or list(re.finditer(r"(?:[,;]\s*(?:and\s+)?|\s+and\s+)(?=(?:\([a-z\d]{1,3}\)\s*)?"
                                               r"(?:the\s+)?[A-Z0-9])", body))
        joins = [j for j in joins if is_name(split_name(LEAD.sub("", body[j.end():], 1))[0]) and not (
            j.group().startswith(",") and "and" not in j.group() and re.search(r"[A-Z]\w*$", body[:j.start()]) and
            not suffixed(split_name(body[j.end():])[0]))]  # not "Guangzhou, China", but "its Reseller, Schoolpop, Inc."
        semi = [j for j in joins if not j.group().startswith(",") or "and" in j.group()]
        tail = TAIL_NAME.search(body)
        legal = next((r.start() for r in RUN.finditer(body) if suffixed(n := split_name(r.group())[0]) and is_name(n)
                      and not re.search(r"\b(?:an?|of|in|under|at)\s+$", body[:r.start()], re.I)), None)
        if semi or joins:
            at = LEAD.match(body, (semi or joins)[-1].end()).end()
        elif legal is not None:
            at = legal  # "... under which MediaNet Group Technologies, Inc., a Nevada corporation having ..."
        elif tail and is_name(clean(tail.group(1))) and not PLACE.search(body[:tail.start(1)]):
            at = tail.start(1)  # "agent for Robbie Fowler ("Talent")", not "organized under the laws of Texas"
        else:
            return "", body.strip(), -1
        name, described = split_name(body[at:])
    inner = re.search(r"\b(?!(?:of|and|de|la|du|von|van|der|the)\b|d/b/a|f/k/a|a/k/a)[a-z][a-z]+\b.*?\b(?=[A-Z])", name)
    if inner and not suffixed(name[:inner.start()]) and (tail := TAIL_NAME.search(name)) and is_name(tail.group(1)):
        name = clean(tail.group(1))  # "As an inducement to Kiosk Concepts, Inc." -> "Kiosk Concepts, Inc."
    first = body.find(name.split()[0], at) if name else at
    return name, described, max(first, at)


def split_name(text: str) -> tuple[str, str]:
    """Split "ACME Inc., a Delaware corporation with offices at ..." into the name and its description."""
    m = cues()["descriptor"].search(text)
    while m and (re.match(r",\s*(?:d/b/a|f/k/a|a/k/a|a\.k\.a\.|n\.a\.|inc\b|ltd\b|llc\b|corp\b|l\.l\.c\.|plc\b)",
                          text[m.start():], re.I) or re.match(r"\s+\([^()]{1,30}\)\s+[A-Z(]", text[m.start():])):
        m = cues()["descriptor"].search(text, m.end())
    after = cues()["after_form"].search(text)  # "Consolidated Artists Inc., Sommerville House, ..."
    if after and (not m or after.start("cut") < m.start()):
        m = after
    at = (m.start("cut") if m is after else m.start()) if m else len(text)
    name = text[:at]
    lines = name.strip().split("\n")
    keep = next((i for i, line in enumerate(lines) if i and re.search(r"\d{2,}", line)), len(lines))
    street = re.search(r"(?<=\S)\s+\d{2,}\b", " ".join(lines[:keep]))  # "Data Call Technologies, Inc. 600 Kenrick"
    name = " ".join(lines[:keep])
    if street and not suffixed("x " + name[street.start():]):  # "WPP 2005 LIMITED" keeps its number
        name = name[:street.start()]
    return clean(name), text[at:]


def _definitions(region: str) -> list[tuple[int, int, list[str]]]:
    """Every defined short name in the preamble: (start, end, terms), in parentheses or after "hereinafter"."""
    out = []
    for m in PAREN.finditer(region):
        body = m.group(1)
        terms = []
        for q in QUOTED.finditer(body):
            if cues()["group"].search(body[:q.start()]):
                break  # "(together with Seller, "Arizona")" names a group, not a party
            terms.append(q.group(1))
        if not terms and not QUOTED.search(body) and (bare := BARE_ALIAS.match(body.strip())) and \
                bare.group(2)[0].isupper() and (bare.group("defining") or
                                                bare.group(2).lower().rstrip(".") not in cues()["suffixes"]) and \
                len(bare.group(2)) <= 30:
            # unquoted: "(the Company)", "(Transporter)", "(hereinafter referred to as Party A)" define a name;
            # a bare "(MICOA)" must abbreviate the name before it
            terms = [("" if bare.group("defining") or role_word(bare.group(2)) or
                      re.fullmatch(r"Party\s+\w", bare.group(2)) else "\0") + bare.group(2)]
        if not terms and (broken := re.fullmatch(r"\s*[\"“]([A-Z][^\"“”]{1,40}?)\s*", body)):
            terms = [broken.group(1)]  # ("Celebrity) with its closing quote lost
        if terms:
            out.append((m.start(), m.end(), terms))
    for m in HEREINAFTER.finditer(region):
        terms = [q.group(1) for q in QUOTED.finditer(m.group(1))]
        if terms and not any(s <= m.start() < e for s, e, _ in out):
            out.append((m.start(), m.end(), terms))
    return sorted(out)


def preamble_region(text: str, clauses: tuple[Clause, ...]) -> tuple[int, int]:
    """Where the parties are introduced: from the last "between" (after the document's name) before the first
    defined party name to the recitals; with no such "between", from the top."""
    head = text[:30000]
    starts = [m.start() for m in cues()["between"].finditer(head)
              if cues()["opener"].search(head[max(0, m.start() - 300):m.start()])]
    first = next((s for s, _, terms in _definitions(head)
                  if any(not t.startswith("\0") and _party_term(alias(t)) for t in terms)), None)
    before = [b for b in starts if first is None or b < first]
    start = (before[-1] if first is not None else before[0]) if before else 0
    return start, _end(text, start, clauses)


def _end(text: str, start: int, clauses: tuple[Clause, ...]) -> int:
    """Where a preamble that begins at ``start`` ends: the recitals, "agree as follows", or the first section (a
    "WHEREAS" before any defined name opens recitals that name the parties)."""
    first = next((m.start() for m in PAREN.finditer(text, start, start + 4000) if QUOTED.search(m.group(1))), start)
    stop = cues()["stop"].search(text, max(start + 20, first), start + 4000)
    numbered = next((c.start for c in clauses if c.start > start + 40 and FIRST_SECTION.fullmatch(c.number.lower())),
                    len(text))
    return min(stop.start() if stop else start + 3000, numbered, len(text))


def _abbreviates(alias: str, name: str) -> bool:
    """An unquoted "(MICOA)" counts as an alias only when it shortens the name before it."""
    initials = "".join(w[0] for w in WORD.findall(name)).lower()
    letters = [c for c in alias.lower() if c.isalnum()]
    it = iter(initials)
    return alias.lower() in name.lower() or (len(letters) >= 2 and all(c in it for c in letters))


def _named_elsewhere(chunk: str) -> bool:
    """The words just before an alias say the party is named elsewhere: "the Agent named on the signature page"."""
    return any(len(chunk) - m.end() <= 45 for m in ELSEWHERE.finditer(chunk[-120:]))


def _placeholder(chunk: str, term: str) -> bool:
    """A party the form leaves to fill in ("_____, as Franchise Owner ("you")", "and the individual or legal entity
    identified on the cover page ("Franchisee")", "the sales agent named on the signature page ("Agent")"): its
    alias names it, when the alias is a role word or you or the text says the party is named elsewhere."""
    if _named_elsewhere(chunk):
        return True
    if not role_word(term):
        return False
    words = chunk.replace("_", " ").split()
    return len(words) <= 8 or "___" in chunk or "[" in chunk or bool(re.match(r"\s*(?:the|an?)\s+[a-z]", chunk))


def from_preamble(text: str, clauses: tuple[Clause, ...]) -> list[Found]:
    """Each defined short name of the preamble with the name before it; then names of "between A and B"."""
    start, end = preamble_region(text, clauses)
    region = text[start:end]
    found: list[Found] = []
    prev = 0
    for s, e, terms in _definitions(region):
        bare = terms[0].startswith("\0")
        aliases = [a for a in (alias(t.lstrip("\0")) for t in terms) if _party_term(a)]
        name, described, at = _name_of(region[prev:s])
        if bare and not (aliases and is_name(name) and suffixed(name) and _abbreviates(aliases[0], name)):
            continue  # "(Shanghai)" in "PPG Paints Trading (Shanghai) Co Ltd": part of the name
        chunk, offset, prev = region[prev:s], prev, e
        if not aliases or (DOCUMENT_TITLE.search(chunk) and not _named_elsewhere(chunk)):
            continue  # THIS ORDERLY MARKETING AGREEMENT (the "OMA") names the document
        if found and not chunk.strip(" ,;\n") and start + s - found[-1].end < 40:
            found[-1].aliases += [a for a in aliases if a not in found[-1].aliases]
            continue
        then = re.search(r"[,;]\s+and\s+(?!(?:its|their|his|her|any|all|such|each)\b)", described) if at >= 0 else None
        if then and is_name(name):  # "between Pizza Fusion Holding, Inc., a Florida corporation, and the individual
            found.append(Found(name, [], start + offset + at, start + offset + at + len(name)))  # ... ("Franchisee")"
            chunk, offset = described[then.end():], offset + len(chunk) - len(described) + then.end()
            name, described, at = _name_of(chunk)
        blank = not is_name(name) and _placeholder(chunk, aliases[0])
        if at < 0 and found and start + s - found[-1].end < 400 and not re.search(r"\band\b|;|___|\[", chunk) \
                and not _named_elsewhere(chunk):
            found[-1].aliases += [a for a in aliases if a not in found[-1].aliases]  # ("SLD") a Beijing company, ...
            found[-1].described += chunk                                            # ... (the "Sponsor")
            continue
        if blank:
            name, at = aliases[0][:1].upper() + aliases[0][1:], len(chunk) - len(chunk.lstrip())
        aliases = [a for a in aliases if not a[0].islower() or a in cues()["voice"] or a.lower() in name.lower()]
        if not aliases or not is_name(name) or len(found) > 12:
            continue
        found.append(Found(name, aliases, start + offset + at, start + s, described=described))
    return merge([], found)


def between_list(text: str, start: int, end: int) -> list[Found]:
    """Names listed after the document's "between" with no defined alias: "This Agreement is made between
    Galacticomm and Horst Entertainment Inc."; each name is the capitalised run an item opens with."""
    m = cues()["between"].match(text, start)
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
        name = split_name(head.group(1))[0] if head else ""
        if is_name(name) and (suffixed(name) or name.isupper() or len(name.split()) <= 4):
            found.append(Found(name, [], at + lead, at + lead + len(name)))
        elif item.strip(" ,;:\n") and not re.fullmatch(r"\s*(?:and|AND|And)?[\s:]*", item):
            break  # the list has ended
        if len(found) == 2 and m.group().lower().endswith("between"):
            break
        at += len(item)
    return found


def key(name: str) -> str:
    """A name without case, punctuation, articles and company forms, for telling two mentions apart."""
    words = re.sub(r"[^a-z0-9& ]", " ", name.lower().replace(".", "")).split()
    return " ".join(w for w in words if w not in cues()["suffixes"] and w != "the")


def _same(a: Found, b: Found) -> bool:
    keys_a = {key(n) for n in [a.name, *a.aliases]} - {""}
    keys_b = {key(n) for n in [b.name, *b.aliases]} - {""}
    if keys_a & keys_b or any(fuzz.ratio(x, y) >= 90 for x in keys_a for y in keys_b if len(x) > 3):
        return True
    short = [(x, y) for x in (a.name, b.name) for y in (a.name, b.name) if x != y and x.isupper() and len(x) <= 6]
    return any(_abbreviates(x, y) and len(x) >= 3 for x, y in short)  # "GSA" for "General Services Administration"


def merge(found: list[Found], more: list[Found]) -> list[Found]:
    """Add parties read from a weaker place; a party already known takes the new aliases and role evidence."""
    for extra in more:
        known = next((f for f in found if _same(f, extra)), None)
        if known is None:
            found.append(extra)
        else:
            known.aliases += [a for a in extra.aliases if a not in known.aliases and a != known.name]
            known.role = known.role or extra.role
    return found


def role_word(phrase: str) -> str:
    """provider / customer / other for a role word or an alias ending in one ("Application Provider"), else ""."""
    low = SPACE.sub(" ", phrase.strip().lower())
    roles = cues()["roles"]
    return (roles.get(low) or cues()["voice"].get(low) or roles.get(low.split()[-1], "")) if low else ""


def short_names(text: str, name: str) -> list[str]:
    """How a party with no defined alias is called in the text: the first words of its name that recur
    ("Kestrel Point" for "Kestrel Point IT Ltd")."""
    words = [w for w in name.replace(",", " ").split() if w.lower().strip(".") not in cues()["suffixes"]]
    out = []
    for k in range(len(words), 0, -1):
        short = " ".join(words[:k])
        if short != name and (k > 1 or len(short) >= 5) and not re.search(rf"(?:&|\b{CONNECT})$", short) and \
                len(re.findall(rf"(?<![\w&]){re.escape(short)}(?![\w&])", text)) >= (2 if k > 1 else 3) and \
                (k > 1 or not re.search(rf"\b{re.escape(short.lower())}\b", text)):  # "general" is no name
            out.append(short)
    return out[:2]
