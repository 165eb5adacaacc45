#!/usr/bin/env python3
"""Prints a bench's results.csv without its seconds column: the one column two runs of the same cells
need not share (wall time). Used to compare a Spark bench with a local one."""
import csv
import sys

rows = list(csv.reader(open(sys.argv[1], newline="")))
i = rows[0].index("seconds")
for r in rows:
    print(",".join(r[:i] + r[i + 1:]))
