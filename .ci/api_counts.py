#!/usr/bin/env python3
"""Counts the public surface of partyorg from its rustdoc HTML, and how much of it has an example.

Run after `cargo doc --no-deps`:  python3 .ci/api_counts.py [target/doc/partyorg] [--min-share 0.9]

It counts public modules, types (structs, enums, traits, type aliases), free functions,
inherent methods of public types (trait-implementation methods are not counted: their
documentation is the trait's), and the root's re-exports. A function or method "has an example"
when its own documentation holds a code block. With --min-share it exits 1 when the share of
functions and methods with an example is below that fraction, naming the ones without.
"""
import os
import re
import sys

args = [a for a in sys.argv[1:]]
min_share = None
if "--min-share" in args:
    i = args.index("--min-share")
    min_share = float(args[i + 1])
    del args[i : i + 2]
root = args[0] if args else "target/doc/partyorg"

modules = types = 0
callables = []  # (name, has_example)
SECTION = re.compile(r'<section id="method\.([A-Za-z0-9_]+)" class="method">')
for dirpath, _, files in os.walk(root):
    if "index.html" in files:
        modules += 1
    for f in sorted(files):
        path = os.path.join(dirpath, f)
        rel = os.path.relpath(path, root)
        if f.split(".")[0] in ("struct", "enum", "trait", "type", "union"):
            types += 1
            page = open(path, encoding="utf-8").read()
            # Inherent methods only: stop at the trait implementations.
            # (and not the methods a `Deref` target lends, counted on their own page).
            ends = [page.find(m) for m in ('id="trait-implementations"', 'id="deref-methods')]
            ends = [e for e in ends if e >= 0]
            inherent = page[: min(ends)] if ends else page
            ms = list(SECTION.finditer(inherent))
            for k, m in enumerate(ms):
                stop = ms[k + 1].start() if k + 1 < len(ms) else len(inherent)
                body = inherent[m.end() : stop]
                owner = rel[: -len(".html")].replace(os.sep, "::")
                callables.append((f"{owner}::{m.group(1)}", "example-wrap" in body))
        elif f.startswith("fn.") and f.endswith(".html"):
            page = open(path, encoding="utf-8").read()
            # A function re-exported from a private module also leaves a redirect page
            # at its defining path: the same function, counted at its public page.
            if 'http-equiv="refresh"' in page:
                continue
            main = page[page.find('<section id="main-content"') :]
            callables.append((rel[: -len(".html")].replace(os.sep, "::"), "example-wrap" in main))

index = open(os.path.join(root, "index.html"), encoding="utf-8").read()
reexports = 0
if 'id="reexports"' in index:
    part = index[index.find('id="reexports"') :]
    nxt = part.find('<h2', 10)
    part = part if nxt < 0 else part[:nxt]
    reexports = len(re.findall(r'<code>pub use ', part))

with_ex = sum(1 for _, e in callables if e)
share = with_ex / len(callables) if callables else 1.0
print(f"modules={modules} types={types} functions_and_methods={len(callables)} "
      f"with_example={with_ex} share={share:.3f} root_reexports={reexports}")
if min_share is not None and share < min_share:
    for name, e in callables:
        if not e:
            print(f"  no example: {name}")
    print(f"share {share:.3f} is below {min_share}", file=sys.stderr)
    sys.exit(1)
