#!/usr/bin/env python3
"""Sum a Typst timing trace (trace_page.rs) by scope name: the number of
times each scope ran, its total time and its self time (without the scopes
inside it), per thread, largest self time first."""
import json
import sys
from collections import defaultdict

events = json.load(open(sys.argv[1]))
count = defaultdict(int)
total = defaultdict(float)
own = defaultdict(float)
stacks = defaultdict(list)
for e in events:
    st = stacks[e["tid"]]
    if e["ph"] == "B":
        name = e["name"]
        if e.get("args") and e["args"]["line"]:
            name = f'{name} @{e["args"]["line"]}'
        st.append([name, e["ts"], 0.0])
    else:
        name, start, inner = st.pop()
        took = e["ts"] - start
        count[name] += 1
        # A scope inside itself (a block in a block) counts once in total.
        if not any(s[0] == name for s in st):
            total[name] += took
        own[name] += took - inner
        if st:
            st[-1][2] += took
print(f"{'scope':32} {'count':>6} {'total ms':>9} {'self ms':>9}")
for name in sorted(own, key=lambda n: -own[n]):
    print(f"{name:32.32} {count[name]:6} {total[name] / 1e3:9.2f} {own[name] / 1e3:9.2f}")
