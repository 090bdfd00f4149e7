#!/usr/bin/env python3
"""Checks that unanswerable development cases really have no answer in the corpus.

Usage: python3 eval/dev/check-absent.py [ABSENT.json] [--cases CASES.json] [--corpus DIR]   (needs pdftotext: Debian poppler-utils)

ABSENT.json (default: eoc.absent.json beside this file) maps a case id to the terms that an
answer would have to rest on (the drug, brand, program or benefit the question is about). Every term must
occur in NO corpus PDF, in either `pdftotext -layout` or raw `pdftotext` text (lower-cased, whitespace
collapsed, curly apostrophes mapped, as check-facts.py does). Also checks that every unanswerable case of
CASES.json (default: eoc.json beside this file) has an entry. Prints each term found and exits 1 when there is any.
"""
import json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
opts = {i + 1 for i, a in enumerate(sys.argv) if a in ("--corpus", "--cases")}
args = [a for i, a in enumerate(sys.argv) if i > 0 and i not in opts and not a.startswith("--")]
corpus = sys.argv[sys.argv.index("--corpus") + 1] if "--corpus" in sys.argv else os.path.join(HERE, "..", "..", "..", "shared", "corpus")
if not os.path.isdir(corpus): sys.exit(f"no corpus directory at {corpus} (pass --corpus DIR)")
absent = json.load(open(args[0] if args else os.path.join(HERE, "eoc.absent.json"), encoding="utf-8"))
norm = lambda s: re.sub(r"\s+", " ", s.replace("\u2019", "'").replace("\u2018", "'").lower()).strip()
texts = {}
for f in sorted(os.listdir(corpus)):
    if f.lower().endswith(".pdf"):
        p = os.path.join(corpus, f)
        texts[f] = [norm(subprocess.run(["pdftotext"] + m + [p, "-"], capture_output=True).stdout.decode("utf-8", "replace")) for m in (["-layout"], [])]
problems = []
for cid, terms in absent.items():
    if cid.startswith("_"): continue
    for t in terms:
        for f, (lay, raw) in texts.items():
            if norm(t) in lay or norm(t) in raw: problems.append(f"{cid}: {t!r} occurs in {f}")
cases_file = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else os.path.join(HERE, "eoc.json")
data = json.load(open(cases_file, encoding="utf-8"))
for c in (data["cases"] if isinstance(data, dict) else data):
    if c.get("kind") == "unanswerable" and c.get("id") not in absent:
        problems.append(f"{c.get('id')}: unanswerable case without absent terms")
print("\n".join(problems) if problems else f"OK: {len(texts)} PDFs; no absent term of {sum(1 for k in absent if not k.startswith('_'))} unanswerable cases occurs in any")
sys.exit(1 if problems else 0)
