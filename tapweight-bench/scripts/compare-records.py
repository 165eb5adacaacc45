#!/usr/bin/env python3
# Compares two run records number by number (timings, times and environment left out) and prints the
# worst relative difference: an optimisation must leave a run's record equal to float tolerance.
# usage: compare-records.py A/run-record.jsonl B/run-record.jsonl
import json,sys,math
def load(p):
    return [json.loads(l) for l in open(p) if l.strip()]
def nums(x, path=""):
    if isinstance(x, dict):
        for k,v in x.items():
            if k in ("time","seconds") or k.startswith("millis") or k.startswith("ms") or k.endswith("Ms") or k in ("environment","pluginJars"): continue
            yield from nums(v, path+"."+k)
    elif isinstance(x, list):
        for i,v in enumerate(x): yield from nums(v, path+f"[{i}]")
    elif isinstance(x,(int,float)) and not isinstance(x,bool):
        yield path, float(x)
a=load(sys.argv[1]); b=load(sys.argv[2])
worst=(0,"")
n=0
for ea,eb in zip(a,b):
    da=dict(nums(ea)); db=dict(nums(eb))
    for k in da:
        if k in db:
            x,y=da[k],db[k]
            if math.isnan(x) and math.isnan(y): continue
            rel=abs(x-y)/max(1e-6,abs(x),abs(y)); n+=1
            if rel>worst[0]: worst=(rel,f"{ea.get('type')} {ea.get('step','')} {k}: {x} vs {y}")
print(len(a),len(b),"events;",n,"numbers; worst relative difference",worst)
