"""The extraction lexicon: cue lists loaded from ``kg/data/lexicon/*.txt`` (data, not code)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


def load_list(name: str) -> tuple[str, ...]:
    text = files("kg").joinpath(f"data/lexicon/{name}.txt").read_text(encoding="utf-8")
    seen: dict[str, None] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if not line.startswith("^") else line.strip()
        if line:
            seen.setdefault(line, None)
    return tuple(seen)


def alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    """A regex alternation that prefers the longest word."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Lexicon:
    dept_heads: tuple[str, ...]
    dept_standalone: frozenset[str]
    dept_level_heads: frozenset[str]
    dept_body_words: tuple[str, ...]
    dept_blocklist: frozenset[str]
    level_words: frozenset[str]
    org_heads: tuple[str, ...]
    org_standalone: frozenset[str]
    person_after: tuple[str, ...]
    stop_words: frozenset[str]
    generic_modifiers: tuple[str, ...]
    place_heads: tuple[str, ...]
    place_generic: frozenset[str]
    places: frozenset[str]
    project_heads: tuple[str, ...]
    project_generic: frozenset[str]
    construction_verbs: tuple[str, ...]
    policy_heads: tuple[str, ...]
    policy_generic: frozenset[str]
    policy_slogans: tuple[re.Pattern[str], ...]

    def user_words(self) -> list[str]:
        """Words the private tokenizer must keep whole."""
        return sorted(set(self.dept_body_words) | set(self.dept_heads) | set(self.org_heads)
                      | set(self.org_standalone) | set(self.project_heads) | set(self.policy_heads)
                      | set(self.places) | set(self.dept_standalone))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(
        dept_heads=load_list("dept_heads"),
        dept_standalone=frozenset(load_list("dept_standalone")),
        dept_level_heads=frozenset(load_list("dept_level_heads")),
        dept_body_words=load_list("dept_body_words"),
        dept_blocklist=frozenset(load_list("dept_blocklist")),
        level_words=frozenset(load_list("level_words")),
        org_heads=load_list("org_heads"),
        org_standalone=frozenset(load_list("org_standalone")),
        person_after=load_list("person_after"),
        stop_words=frozenset(load_list("stop_words")),
        generic_modifiers=load_list("generic_modifiers"),
        place_heads=load_list("place_heads"),
        place_generic=frozenset(load_list("place_generic")),
        places=frozenset(load_list("places")),
        project_heads=load_list("project_heads"),
        project_generic=frozenset(load_list("project_generic")),
        construction_verbs=load_list("construction_verbs"),
        policy_heads=load_list("policy_heads"),
        policy_generic=frozenset(load_list("policy_generic")),
        policy_slogans=tuple(re.compile(p) for p in load_list("policy_slogans")),
    )
