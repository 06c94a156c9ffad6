"""Names in English sentences: "the" where a name takes it, a capital where a sentence starts,
possessives ("the Union's", "the Republic of the Oases'"), no doubled or clashing article, and
the short forms that narrow labels use ("the West" for "the Western Federation").

A name that takes "the" is written with it (`fictional_name: The Western Federation`); the
engine's sentences put a name anywhere, so every text a player reads passes through `tidy`.

    >>> names = Names(("The Western Federation", "the Union", "Republic of the Oases"))
    >>> names.tidy("These orders push relations with The Western Federation below 25.")
    'These orders push relations with the Western Federation below 25.'
    >>> names.tidy("the Union grants money; Join an the Union package")
    'The Union grants money; Join a Union package'
    >>> names.tidy("Republic of the Oases's remittances")
    "Republic of the Oases' remittances"
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from .model import Scenario

_THE = re.compile(r"^(?:the|The)\s+")


def bare(name: str) -> str:
    """`name` without its article: "The Western Federation" -> "Western Federation"."""
    return _THE.sub("", name.strip())


def takes_the(name: str) -> bool:
    return bool(_THE.match(name.strip()))


def possessive(name: str) -> str:
    """ "the Union" -> "the Union's"; a name ending in s takes the apostrophe alone, as "the
    United States'" does."""
    return name + ("'" if name.endswith("s") else "'s")


def indefinite(word: str) -> str:
    """ "a" or "an" before `word`, by its sound as far as spelling tells: an Eastern, a Union."""
    first = (word.split()[0] if word.split() else word).split("-")[0]
    if len(first) >= 2 and first.isupper():   # an initialism is read letter by letter: a US, an EU, an FBI
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    w = word.lower()
    if w.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    return "an" if w[:1] in "aeiou" else "a"


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


class Names:
    """The proper names a scenario's texts hold, and how to set them in a sentence.

    `names` are the names as labels write them: "The Western Federation" takes "the" in a
    sentence, "Republic of the Oases" does not. `short` maps a name to its short form for narrow
    labels."""

    def __init__(self, names: Iterable[str], short: dict[str, str] | None = None):
        names = [n.strip() for n in names if n and n.strip()]
        self.given = tuple(names)
        self.with_the = frozenset(bare(n) for n in names if takes_the(n))
        self.all = frozenset(bare(n) for n in names) | self.with_the
        self.short = {k: v for k, v in (short or {}).items() if k and v and k != v}
        self._compile()

    def plain(self) -> dict:
        """As JSON-ready data (a class server sends it to a joined window): `Names(**plain)`."""
        return {"names": list(self.given), "short": dict(self.short)}

    @classmethod
    def of(cls, model: Scenario, extra: Iterable[str] = ()) -> "Names":
        """The names of `model`'s states and powers (with their short forms), and `extra`."""
        actors = list(model.states) + list(model.powers)
        short = {a.name: a.short_name for a in actors if a.short_name}
        return cls([a.name for a in actors] + [a.short_name or "" for a in actors] + list(extra), short)

    def _compile(self) -> None:
        the = _alternation(self.with_the)
        known = _alternation(self.all)
        never = r"(?!x)x"   # matches nothing: a scenario without such names
        the = the or never
        known = known or never
        end = r"(?![\w-])"
        # "an the Union package" -> "a Union package"
        self._article_the = re.compile(rf"\b([Aa]n?) (?:the|The) ({the}){end}")
        # "a Eastern" -> "an Eastern" (only before a name: a rule for sounds, not for all words)
        self._article = re.compile(rf"\b([Aa]n?) ({known}){end}")
        # "the the Union"
        self._double = re.compile(rf"\b(the|The) (?:the|The) ({the}){end}")
        # "the Republic's the Great deposit" -> "the Republic's Great deposit"
        self._owned_the = re.compile(rf"(?<![\w-])({known})'s ([\'\"\u2018\u201c]?)(?:the|The) ({the}){end}")
        # "a happy the Eastern capital" -> "a happy Eastern capital"
        self._article_word_the = re.compile(rf"\b([Aa]n?) ([a-z][\w-]*) (?:the|The) ({the}){end}")
        # "the Oases's" -> "the Oases'"
        self._s_s = re.compile(rf"(?<![\w-])({_alternation(n for n in self.all if n.endswith('s')) or never})'s\b")
        # "with The Union" -> "with the Union": a word, a number or a comma before it means the
        # sentence is under way; after a colon, a bracket, a quote or a bullet a label may start.
        self._mid = re.compile(rf"([\w,;%]\s+)The ({the}){end}")
        # "the Union" opening a text or a sentence -> "The Union"
        self._opening = re.compile(rf"(^|[.!?]\s+|\n\s*)the ({the}){end}")
        self._short = [(re.compile(rf"(?<![\w-]){re.escape(bare(k))}{end}"), bare(v) if takes_the(k) else v)
                       for k, v in sorted(self.short.items(), key=lambda kv: -len(kv[0]))]

    def tidy(self, text: str, opening: bool = True) -> str:
        """`text` in good English around its names; `opening=False` for a piece that goes inside
        a sentence (never capitalised where it begins)."""
        if not text or not isinstance(text, str):
            return text
        t = self._article_the.sub(lambda m: f"{_agree(m.group(1), m.group(2))} {m.group(2)}", text)
        t = self._double.sub(r"\1 \2", t)
        t = self._owned_the.sub(r"\1's \2\3", t)
        t = self._article_word_the.sub(r"\1 \2 \3", t)
        t = self._s_s.sub(r"\1'", t)
        t = self._article.sub(lambda m: f"{_agree(m.group(1), m.group(2))} {m.group(2)}", t)
        t = self._mid.sub(r"\1the \2", t)
        t = self._opening.sub(lambda m: f"{m.group(1)}The {m.group(2)}"
                              if opening or m.group(1) else m.group(0), t)
        return t

    def shortened(self, text: str) -> str:
        """`text` with every long name in its short form, for a label too narrow for the full
        names: "Relations with the Western Federation" -> "Relations with the West". The text's
        own "the" stays (a name that takes "the" has a short form that takes it too)."""
        for pattern, short in self._short:
            text = pattern.sub(short, text)
        return text

    def last_short(self, text: str) -> tuple[int, int] | None:
        """Where the last short form in `text` starts and ends (with its "the"), if any."""
        spans = [(m.start(), m.end()) for short in set(self.short.values())
                 for m in re.finditer(rf"(?<![\w-]){re.escape(short if not takes_the(short) else bare(short))}(?![\w-])",
                                      text)]
        if not spans:
            return None
        start, end = max(spans, key=lambda sp: sp[1])
        before = text[:start]
        if before.lower().endswith("the "):
            start -= 4
        return start, end

    def tidy_all(self, obj: Any) -> Any:
        """`obj` with every text in it tidied: views (dataclasses), tuples, lists, dicts. Anything
        else (ids are texts too, and are left as they are: they hold no names) comes back as is."""
        return walk_texts(obj, self.tidy)


def _agree(article: str, word: str) -> str:
    a = indefinite(word)
    return a.capitalize() if article[:1].isupper() else a


def walk_texts(obj: Any, change: Callable[[str], str]) -> Any:
    """A copy of `obj` with `change` applied to every text in it; unchanged parts are the same
    objects, so a view with nothing to change is returned itself."""
    import dataclasses

    if isinstance(obj, str):
        return change(obj)
    if isinstance(obj, tuple):
        new = tuple(walk_texts(v, change) for v in obj)
        if all(a is b for a, b in zip(new, obj)):
            return obj
        return type(obj)(*new) if hasattr(obj, "_fields") else new
    if isinstance(obj, list):
        return [walk_texts(v, change) for v in obj]
    if isinstance(obj, dict):
        return {k: walk_texts(v, change) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            if not f.init:
                continue
            old = getattr(obj, f.name)
            new = walk_texts(old, change)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    return obj
