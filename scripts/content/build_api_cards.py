#!/usr/bin/python3
"""Build content/api/<group>.json from the card data in scripts/content/api_cards/.

    /usr/bin/python3 scripts/content/build_api_cards.py [--no-torch-checks]

1. Runs every card group's checks against real PyTorch (apt python3-torch):
   parameter counts of sample layers against the count worked by hand from
   the card's parameter rule, and output shapes of sample calls against the
   card's shape rule. Any mismatch stops the build.
2. Concept cards win: a symbol that a content/concepts/*.json card lists is
   removed from the API card that also lists it; an API card left without
   symbols is dropped; an alias already used by a concept card is dropped.
   The id and title always follow the card's first remaining symbol.
3. Writes one file per api.* subsection and prints counts.

Re-run it whenever concept cards change their symbols.
"""

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True  # keep scripts/content free of __pycache__
sys.path.insert(0, HERE)

from api_cards import GROUPS  # noqa: E402
from api_cards.common import card_id, card_title  # noqa: E402

SCHEMA_REF = "../schema/api.schema.json"
# Messages are collected and printed at the end, so that a closed stdout (e.g. `| head`)
# can never stop the build between two group files.
MESSAGES = []


def say(text):
    MESSAGES.append(text)


CARD_KEYS = ["id", "title", "symbols", "summary", "shape", "params", "concept",
             "formula", "formulaText", "aliases", "tags"]


def load_common_words():
    try:
        with open(os.path.join(ROOT, "content", "common-words.json"), encoding="utf-8") as fh:
            return {w.lower() for w in json.load(fh)["words"]}
    except (OSError, ValueError, KeyError):
        return set()


def load_concepts():
    symbol_owner, aliases, ids = {}, set(), set()
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "concepts", "*.json"))):
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as err:
            say(f"warning: skipping unreadable concept card {path}: {err}")
            continue
        ids.add(data.get("id"))
        for sym in data.get("symbols", []):
            symbol_owner[sym] = data.get("id")
        for alias in data.get("aliases", []):
            aliases.add(alias.lower())
    return symbol_owner, aliases, ids


def run_torch_checks():
    failures, count = [], 0
    for group in GROUPS:
        for check in getattr(group, "CHECKS", []):
            count += 1
            problem = check.run()
            if problem:
                failures.append(f"{group.SUBSECTION}: {problem}")
    return count, failures


def finish_card(raw, concept_symbols, concept_aliases):
    symbols = [s for s in raw["symbols"] if s not in concept_symbols]
    if not symbols:
        return None
    out = dict(raw)
    out["symbols"] = symbols
    out["id"] = card_id(symbols[0])
    out["title"] = raw.get("title") if raw.get("keepTitle") else card_title(symbols)
    if raw.get("aliases"):
        kept = [a for a in raw["aliases"] if a.lower() not in concept_aliases]
        for alias in raw["aliases"]:
            if alias not in kept:
                say(f"note: alias '{alias}' of {out['id']} left out (used by a concept card or a common word)")
        if kept:
            out["aliases"] = kept
        else:
            out.pop("aliases")
    return {k: out[k] for k in CARD_KEYS if k in out and out[k] is not None}


def main():
    if "--no-torch-checks" not in sys.argv:
        count, failures = run_torch_checks()
        if failures:
            print("\n".join(failures))
            print(f"{len(failures)} of {count} PyTorch checks FAILED; nothing written")
            sys.exit(1)
        say(f"{count} PyTorch checks passed")

    concept_symbols, concept_aliases, concept_ids = load_concepts()
    # an alias that a concept card uses, or an ordinary word, is never kept on an API card
    concept_aliases |= load_common_words()
    seen_symbols, seen_ids, seen_aliases = {}, set(), set()
    total_cards, dropped = 0, []
    for group in GROUPS:
        cards = []
        for raw in group.CARDS:
            card = finish_card(raw, concept_symbols, concept_aliases)
            if card is None:
                dropped.append(card_id(raw["symbols"][0]))
                continue
            assert card["id"] not in seen_ids, f"duplicate API card id {card['id']}"
            seen_ids.add(card["id"])
            for sym in card["symbols"]:
                assert sym not in seen_symbols, f"{sym} on {seen_symbols.get(sym)} and {card['id']}"
                seen_symbols[sym] = card["id"]
            for alias in card.get("aliases", []):
                assert alias.lower() not in seen_aliases, f"duplicate API alias {alias}"
                seen_aliases.add(alias.lower())
            if concept_ids and card["concept"] not in concept_ids:
                say(f"note: {card['id']} points at concept '{card['concept']}' which has no card yet")
            cards.append(card)
        path = os.path.join(ROOT, "content", "api", group.SUBSECTION.split(".", 1)[1] + ".json")
        if not cards:
            # The schema requires at least one card per group file: when concept
            # cards own every symbol of a subsection, no file is written.
            if os.path.exists(path):
                os.remove(path)
            say(f"{group.SUBSECTION:15s}    0 cards (all symbols owned by concept cards; no file)")
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({"$schema": SCHEMA_REF, "subsection": group.SUBSECTION, "cards": cards},
                      fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        total_cards += len(cards)
        say(f"{group.SUBSECTION:15s} {len(cards):4d} cards -> {os.path.relpath(path, ROOT)}")
    say(f"{total_cards} API cards, {len(seen_symbols)} symbols; "
        f"{len(dropped)} cards fully owned by concept cards: {', '.join(dropped) or '-'}")
    print("\n".join(MESSAGES))


if __name__ == "__main__":
    main()
