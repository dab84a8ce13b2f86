#!/usr/bin/env python3
"""Turns a JMH JSON result (run with -prof gc) into the markdown tables of docs/benchmarks.md.

Usage: report.py RESULT.json > tables.md

Every figure is put beside a baseline measured in the same run, because absolute numbers on a
shared machine are noise. Pairing follows the naming of the benchmark methods, `op_subject`: within
an op, the method whose subject ends in `Baseline` is the divisor, matched on the @Params the two
share (a baseline without a param matches every value of it). A peer added as a new class with
methods such as `get_openTelemetry` is therefore reported with no change here.

The goals of issues #2 and #3 are checked at the end; B/op comes from `gc.alloc.rate.norm`.
"""
import json
import sys
from collections import OrderedDict

# The order of the sections in the report; ops not listed here follow, in the order JMH ran them.
OP_ORDER = ["get", "setReset", "snapshot", "scope", "attrGet", "attrSet", "isolate", "directExecute", "poolSubmit"]

OP_TITLES = {
    "get": "Read: `ContextVar.get()` vs `ThreadLocal.get()` (issue #2)",
    "setReset": "Write: `set` + `reset` vs ThreadLocal set + restore (issue #2)",
    "snapshot": "Snapshot: `copyContext()` vs reading N thread locals into an array (issue #2)",
    "scope": "Enter/leave: `Context.run { }` of a no-op vs ThreadLocal swap + restore (issues #2, #3)",
    "attrGet": "Namespace read: `ContextLocal.getAttribute` vs `ContextVar.get` (issue #3)",
    "attrSet": "Namespace write: `ContextLocal.setAttribute` vs `ContextVar.set` (issue #3)",
    "isolate": "Namespace isolation: `ContextLocal.run { }` of a no-op vs `copyContext().run { }` (issue #3)",
    "directExecute": "Executor, wrapper cost only: `execute` on a caller-runs delegate, wrapped vs plain (issue #3)",
    "poolSubmit": "Executor, round trip: `submit(noOp).get()` on a 1-thread pool, wrapped vs plain (issue #3)",
}

# (label, op, subject, params that must match, kind, limit). kind "ratio": score / baseline;
# "bytes": B/op; "flat-bytes": B/op at the largest size minus B/op at the smallest.
GOALS = [
    ("#2 get ≤ 1.5× ThreadLocal.get at size 16", "get", "contextVar", {"size": "16"}, "ratio", 1.5),
    ("#2 get ≤ 2.5× ThreadLocal.get at size 1024", "get", "contextVar", {"size": "1024"}, "ratio", 2.5),
    ("#2 set + reset ≤ 64 B at size 16", "setReset", "contextVar", {"size": "16"}, "bytes", 64),
    ("#2 set + reset ≤ 64 B at size 16, token escaping", "setReset", "contextVarTokenEscapes", {"size": "16"}, "bytes", 64),
    ("#2 copyContext ≤ 32 B", "snapshot", "copyContext", {}, "bytes", 32),
    ("#2 copyContext B/op not growing with size (1024 vs 1, ≤ 1 B of noise)", "snapshot", "copyContext", {}, "flat-bytes", 1),
    ("#3 getAttribute ≤ 2× ContextVar.get", "attrGet", "contextLocal", {}, "ratio", 2.0),
    ("#3 setAttribute ≤ 2× ContextVar.set", "attrSet", "contextLocal", {}, "ratio", 2.0),
]


class Row:
    def __init__(self, entry):
        name = entry["benchmark"]
        self.cls, self.method = name.rsplit(".", 2)[-2:]
        self.op, _, self.subject = self.method.partition("_")
        self.params = entry.get("params", {})
        metric = entry["primaryMetric"]
        self.score = metric["score"]
        # JMH writes "NaN" (a string) when there were too few iterations for an error bar.
        error = metric["scoreError"]
        self.error = error if isinstance(error, (int, float)) else None
        self.unit = metric["scoreUnit"]
        secondary = entry.get("secondaryMetrics", {})
        norm = secondary.get("gc.alloc.rate.norm") or secondary.get("\u00b7gc.alloc.rate.norm")
        self.bytes = norm["score"] if norm else None
        self.baseline = None

    @property
    def is_baseline(self):
        return self.subject.endswith("Baseline")

    def shows(self, params):
        return all(self.params.get(k) == v for k, v in params.items())

    def ratio(self):
        return self.score / self.baseline.score if self.baseline else None


def pair(rows):
    for row in rows:
        if row.is_baseline:
            continue
        candidates = [b for b in rows if b.op == row.op and b.is_baseline
                      and all(row.params.get(k) == v for k, v in b.params.items())]
        # The most specific baseline wins: the one that shares the most params.
        candidates.sort(key=lambda b: -len(b.params))
        row.baseline = candidates[0] if candidates else None


def fmt_params(row, names):
    return " | ".join(row.params.get(n, "") for n in names)


def fmt_bytes(value):
    return "n/a" if value is None else f"{value:.0f}"


def table(op, rows):
    names = sorted({k for r in rows for k in r.params}, key=lambda n: (n != "size", n))
    out = [f"### {OP_TITLES.get(op, op)}", ""]
    header = ["benchmark"] + names + ["ns/op", "± err", "B/op", "× baseline"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")

    def order(r):
        size = int(r.params.get("size", "0")) if r.params.get("size", "0").isdigit() else 0
        return (not r.is_baseline, r.subject, size, str(sorted(r.params.items())))

    for r in sorted(rows, key=order):
        ratio = "1 (baseline)" if r.is_baseline else (f"{r.ratio():.2f}×" if r.baseline else "no baseline")
        cells = [f"`{r.cls}.{r.method}`"] + [r.params.get(n, "–") for n in names]
        cells += [f"{r.score:.2f}", f"{r.error:.2f}" if r.error is not None and r.error == r.error else "–", fmt_bytes(r.bytes), ratio]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out


def goals(rows):
    out = ["### Goals", "", "| goal | where | measured | limit | verdict |", "|---|---|---:|---:|---|"]
    for label, op, subject, params, kind, limit in GOALS:
        subjects = [r for r in rows if r.op == op and r.subject == subject and r.shows(params)]
        if kind == "flat-bytes":
            by_layout = {}
            for r in subjects:
                by_layout.setdefault(tuple(sorted((k, v) for k, v in r.params.items() if k != "size")), []).append(r)
            checks = []
            for key, group in by_layout.items():
                group.sort(key=lambda r: int(r.params["size"]))
                if len(group) >= 2 and group[0].bytes is not None and group[-1].bytes is not None:
                    growth = group[-1].bytes - group[0].bytes
                    where = f"size {group[0].params['size']} → {group[-1].params['size']}"
                    checks.append((where, growth, f"{growth:+.1f} B"))
            for where, growth, shown in checks:
                out.append(verdict_row(label, where, shown, f"{limit} B", growth <= limit,
                                       f"by {growth - limit:.1f} B"))
            continue
        for r in sorted(subjects, key=lambda r: (int(r.params.get("size", "0")), str(r.params))):
            where = ", ".join(f"{k}={v}" for k, v in sorted(r.params.items(), key=lambda kv: kv[0] != "size"))
            if kind == "ratio":
                if not r.baseline:
                    continue
                value = r.ratio()
                out.append(verdict_row(label, where, f"{value:.2f}×", f"{limit}×", value <= limit,
                                       f"by {100 * (value / limit - 1):.0f}% ({value / limit:.1f} times the limit)"))
            elif kind == "bytes" and r.bytes is not None:
                out.append(verdict_row(label, where, f"{r.bytes:.0f} B", f"{limit} B", r.bytes <= limit,
                                       f"by {r.bytes - limit:.0f} B"))
    out.append("")
    return out


def verdict_row(label, where, shown, limit, ok, miss):
    return f"| {label} | {where} | {shown} | {limit} | {'met' if ok else 'MISSED ' + miss} |"


def main(path):
    with open(path) as f:
        entries = json.load(f)
    rows = [Row(e) for e in entries]
    pair(rows)
    first = entries[0] if entries else {}
    print(f"JMH {first.get('jmhVersion', '?')}, {first.get('vmName', '?')} {first.get('vmVersion', '?')}, "
          f"forks {first.get('forks', '?')}, warmup {first.get('warmupIterations', '?')} × {first.get('warmupTime', '?')}, "
          f"measurement {first.get('measurementIterations', '?')} × {first.get('measurementTime', '?')}, "
          f"JVM args {' '.join(first.get('jvmArgs', [])) or 'none'}.")
    print()
    by_op = OrderedDict()
    for op in OP_ORDER:
        by_op[op] = []
    for r in rows:
        by_op.setdefault(r.op, []).append(r)
    for op, group in by_op.items():
        if group:
            print("\n".join(table(op, group)))
    print("\n".join(goals(rows)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RESULT.json")
    main(sys.argv[1])
