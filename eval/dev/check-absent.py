#!/usr/bin/env python3
"""Checks that unanswerable development cases really have no answer in the corpus.

Usage: python3 eval/dev/check-absent.py [ABSENT.json --cases CASES.json] [--corpus DIR]   (needs pdftotext: Debian poppler-utils)

ABSENT.json maps a case id to the terms that an answer would have to rest on (the drug, brand,
program, company fact or benefit the question is about). Every term must occur in NO corpus PDF,
in either `pdftotext -layout` or raw `pdftotext` text (lower-cased, whitespace collapsed, curly
apostrophes mapped, as check-facts.py does); terms are matched as substrings, so a stem
("veterinar") covers its forms. Also checks that every unanswerable case of CASES.json has an
entry. Without ABSENT.json it checks every `X.absent.json` beside this file against `X.json`
(eoc.absent.json → eoc.json, unanswerable.absent.json → unanswerable.json). Prints each term
found and exits 1 when there is any.
"""
import json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
opts = {i + 1 for i, a in enumerate(sys.argv) if a in ("--corpus", "--cases")}
args = [a for i, a in enumerate(sys.argv) if i > 0 and i not in opts and not a.startswith("--")]
corpus = sys.argv[sys.argv.index("--corpus") + 1] if "--corpus" in sys.argv else os.path.join(HERE, "..", "..", "..", "shared", "corpus")
if not os.path.isdir(corpus): sys.exit(f"no corpus directory at {corpus} (pass --corpus DIR)")
if args:
    cases_file = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else os.path.join(HERE, "eoc.json")
    pairs = [(args[0], cases_file)]
else:
    pairs = [(os.path.join(HERE, f), os.path.join(HERE, f[: -len(".absent.json")] + ".json")) for f in sorted(os.listdir(HERE)) if f.endswith(".absent.json")]
norm = lambda s: re.sub(r"\s+", " ", s.replace("\u2019", "'").replace("\u2018", "'").lower()).strip()
texts = {}
for f in sorted(os.listdir(corpus)):
    if f.lower().endswith(".pdf"):
        p = os.path.join(corpus, f)
        texts[f] = [norm(subprocess.run(["pdftotext"] + m + [p, "-"], capture_output=True).stdout.decode("utf-8", "replace")) for m in (["-layout"], [])]
problems = []
checked = 0
for absent_file, cases_file in pairs:
    absent = json.load(open(absent_file, encoding="utf-8"))
    for cid, terms in absent.items():
        if cid.startswith("_"): continue
        checked += 1
        for t in terms:
            for f, (lay, raw) in texts.items():
                if norm(t) in lay or norm(t) in raw: problems.append(f"{cid}: {t!r} occurs in {f}")
    data = json.load(open(cases_file, encoding="utf-8"))
    for c in (data["cases"] if isinstance(data, dict) else data):
        if c.get("kind") == "unanswerable" and c.get("id") not in absent:
            problems.append(f"{c.get('id')}: unanswerable case without absent terms ({os.path.basename(cases_file)})")
print("\n".join(problems) if problems else f"OK: {len(texts)} PDFs; no absent term of {checked} unanswerable cases ({len(pairs)} file(s)) occurs in any")
sys.exit(1 if problems else 0)
