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
        if not line:
            continue
        # a regex (^…) or a phrase is one entry; a line of plain words separated by spaces is a list
        for word in ([line] if line.startswith("^") or " " not in line else line.split()):
            seen.setdefault(word, None)
    return tuple(seen)


def alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    """A regex that matches any of ``words``, preferring the longest; built as a trie so that a
    list of thousands of names stays fast (one branch per first character, not per word)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    end = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:  # a word ends here: the longer continuations are tried first, then this one
        return "(?:" + body + ")?"
    return body


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
    places: frozenset[str]  # hand gazetteer (also kept whole by the tokenizer)
    gazetteer: frozenset[str]  # places + administrative divisions (lookup)
    searched_places: frozenset[str]  # places + provinces and cities (searched for in the text)
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
                      | set(self.places) | set(self.dept_standalone)
                      | {h for h in self.place_heads if len(h) >= 3})  # 经开区: jieba reads 经|开|区


@lru_cache(maxsize=1)
def towns() -> frozenset[str]:
    """Towns, townships and subdistricts of China (admin_towns.txt), looked up only."""
    return frozenset(load_list("admin_towns"))


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
        places=frozenset(load_list("places") + load_list("countries")),
        gazetteer=frozenset(load_list("places") + load_list("countries") + load_list("admin_cities") + load_list("admin_divisions")
                            + autonomous_short_forms(load_list("admin_divisions") + load_list("admin_cities"))),
        searched_places=frozenset(load_list("places") + load_list("countries") + load_list("admin_cities")
                                  + autonomous_short_forms(load_list("admin_cities"))),
        project_heads=load_list("project_heads"),
        project_generic=frozenset(load_list("project_generic")),
        construction_verbs=load_list("construction_verbs"),
        policy_heads=load_list("policy_heads"),
        policy_generic=frozenset(load_list("policy_generic")),
        policy_slogans=tuple(re.compile(p) for p in load_list("policy_slogans")),
    )


AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[^族]{1,4}族)+自治(县|州|旗)$")


def autonomous_short_forms(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The short forms texts use for autonomous divisions: 澜沧拉祜族自治县 → 澜沧县, 楚雄彝族自治州 →
    楚雄州, 湘西土家族苗族自治州 → 湘西州."""
    out = []
    for name in names:
        m = AUTONOMOUS.match(name)
        if m:
            out.append(m.group(1) + m.group(2))
    return tuple(out)
