#!/usr/bin/env python3
"""Turns a JMH JSON result (run with -prof gc) into the markdown tables of docs/benchmarks/tables.md.

Usage: report.py RESULT.json [--retained RETAINED.json] [--csv OUT.csv] > tables.md

--retained adds the table of retained bytes written by RetainedSize; --csv also writes one line per
result (op, subject, library, params, ns/op, error, B/op) for ChartMaker, which draws the charts.

Every figure is put beside a baseline measured in the same run, because absolute numbers on a
shared machine are noise. Pairing follows the naming of the benchmark methods, `op_subject`: within
an op, the method whose subject ends in `Baseline` is the divisor, matched on the @Params the two
share (a baseline without a param matches every value of it). A peer added as a new class with
methods such as `get_openTelemetry` is therefore reported with no change here.

Each table also has "× us": the score divided by ours (OURS below) on the same params; rows with no
size (the executor peers, which hold 16 values) are divided by ours at size 16.

The goals are checked at the end; B/op comes from `gc.alloc.rate.norm`.
"""
import json
import sys
from collections import OrderedDict

# The order of the sections in the report; ops not listed here follow, in the order JMH ran them.
OP_ORDER = ["get", "setReset", "snapshot", "wrap", "directExecute", "poolSubmit", "resume", "launchJoin",
            "withContext", "scope", "attrGet", "attrSet", "isolate"]

# Ours in each op: (subject, params it must show). The divisor of the "× us" column.
OURS = {
    "get": ("contextVar", {"layout": "settled"}),
    "setReset": ("contextVar", {}),
    "snapshot": ("copyContext", {}),
    "wrap": ("contextWrap", {}),
    "directExecute": ("contextExecutor", {}),
    "poolSubmit": ("contextPool", {}),
    "resume": ("contextElement", {}),
    "launchJoin": ("contextElement", {}),
    "withContext": ("contextElement", {}),
    "scope": ("contextRun", {}),
}

# Who each subject is, for the tables and the charts.
LIBRARIES = {
    "threadLocalBaseline": "ThreadLocal", "contextVar": "extracontext", "contextVarTokenEscapes": "extracontext (token escapes)",
    "copyContext": "extracontext", "contextWrap": "extracontext", "contextExecutor": "extracontext",
    "contextPool": "extracontext", "contextElement": "extracontext", "contextRun": "extracontext",
    "copyContextRun": "extracontext (copy + run)", "contextLocal": "extracontext ContextLocal",
    "contextLocalRun": "extracontext ContextLocal", "contextVarBaseline": "extracontext ContextVar",
    "copyContextRunBaseline": "extracontext copyContext().run",
    "openTelemetry": "OpenTelemetry", "grpc": "gRPC", "ttl": "TTL", "micrometer": "Micrometer",
    "mdc": "MDC (Logback)", "scopedValue": "ScopedValue", "threadLocalElement": "kotlinx asContextElement",
    "mdcContext": "kotlinx MDCContext", "noElementBaseline": "no element", "plainBaseline": "plain",
    "plainPoolBaseline": "plain pool",
    "contextVarAlternating": "extracontext (2 vars in turn)", "contextVarNoContext": "extracontext (thread with no context)",
    "openTelemetryLastKey": "OpenTelemetry (key set last)", "contextLocalBuiltName": "extracontext ContextLocal (built name)",
    "copyableNoOpElement": "no-op CopyableThreadContextElement (kotlinx floor)",
    "floorTrusted": "floor: thread local → cell → entry (no library)",
    "floorChecked": "floor: the same + map check (no library)",
}

OP_TITLES = {
    "get": "Read a value: `ContextVar.get()` and the peers' reads vs `ThreadLocal.get()`",
    "setReset": "Scoped write and restore: `set` + `reset` and the peers' idioms vs ThreadLocal set + restore",
    "snapshot": "Snapshot of the current context: `copyContext()` and the peers' captures",
    "wrap": "Wrapped task: a snapshot of N values wraps a no-op, run on a thread where it is not current",
    "resume": "Coroutine resume (`yield()` on runBlocking's event loop), per resume",
    "launchJoin": "Coroutine `launch { }.join()`, per child",
    "withContext": "`withContext(element) { }` on the same dispatcher, per block",
    "scope": "Enter/leave: `Context.run { }` of a no-op vs ThreadLocal swap + restore",
    "attrGet": "Namespace read: `ContextLocal.getAttribute` vs `ContextVar.get`",
    "attrSet": "Namespace write: `ContextLocal.setAttribute` vs `ContextVar.set`",
    "isolate": "Namespace isolation: `ContextLocal.run { }` of a no-op vs `copyContext().run { }`",
    "directExecute": "Executor, wrapper cost only: `execute` on a caller-runs delegate, wrapped vs plain",
    "poolSubmit": "Executor, round trip: `submit(noOp).get()` on a 1-thread pool, the wrapped task run on another thread",
}

# (label, op, subject, params that must match, kind, limit). kind "ratio": score / baseline;
# "bytes": B/op; "flat-bytes": B/op at the largest size minus B/op at the smallest.
GOALS = [
    ("get ≤ 1.5× ThreadLocal.get at size 16", "get", "contextVar", {"size": "16"}, "ratio", 1.5),
    ("get ≤ 2.5× ThreadLocal.get at size 1024", "get", "contextVar", {"size": "1024"}, "ratio", 2.5),
    ("set + reset ≤ 64 B at size 16", "setReset", "contextVar", {"size": "16"}, "bytes", 64),
    ("set + reset ≤ 64 B at size 16, token escaping", "setReset", "contextVarTokenEscapes", {"size": "16"}, "bytes", 64),
    ("copyContext ≤ 32 B", "snapshot", "copyContext", {}, "bytes", 32),
    ("copyContext B/op not growing with size (1024 vs 1, ≤ 1 B of noise)", "snapshot", "copyContext", {}, "flat-bytes", 1),
    ("getAttribute ≤ 2× ContextVar.get", "attrGet", "contextLocal", {}, "ratio", 2.0),
    ("setAttribute ≤ 2× ContextVar.set", "attrSet", "contextLocal", {}, "ratio", 2.0),
    # The first round. "vs": ours / the peer's row on the same size; "vs-extra": the same on what each adds to
    # the op's baseline (the element's own cost per resume); "scale": ours at the largest size / at 1.
    ("read ≤ 1.5× ThreadLocal.get", "get", "contextVar", {}, "ratio", 1.5),
    ("read faster than OpenTelemetry (ours / theirs < 1)", "get", "contextVar", {}, "vs", ("openTelemetry", 1.0)),
    ("read faster than gRPC (ours / theirs < 1)", "get", "contextVar", {}, "vs", ("grpc", 1.0)),
    ("scoped write + restore ≤ 0.7× OpenTelemetry with + makeCurrent + close", "setReset", "contextVar", {}, "vs", ("openTelemetry", 0.7)),
    ("wrapped task ≤ 1.2× OpenTelemetry Context.wrap", "wrap", "contextWrap", {}, "vs", ("openTelemetry", 1.2)),
    ("coroutine resume, element's own cost ≤ 1× asContextElement's", "resume", "contextElement", {}, "vs-extra", ("threadLocalElement", 1.0)),
    ("coroutine resume, element's own cost far below MDCContext's (≤ 0.25×)", "resume", "contextElement", {}, "vs-extra", ("mdcContext", 0.25)),
    ("read at 1024 vars ≤ 3× read at 1", "get", "contextVar", {}, "scale", 3.0),
    ("write (set + reset) at 1024 vars ≤ 3× at 1", "setReset", "contextVar", {}, "scale", 3.0),
    # Reads as fast as the fastest peer, attribute reads and child coroutines.
    ("get ≤ 0.9× OpenTelemetry Context.current().get (first key)", "get", "contextVar", {}, "vs", ("openTelemetry", 0.9)),
    ("get ≤ 0.9× gRPC key.get()", "get", "contextVar", {}, "vs", ("grpc", 0.9)),
    ("get vs OpenTelemetry at its worst case, the key set last (≤ 0.9×)", "get", "contextVar", {}, "vs", ("openTelemetryLastKey", 0.9)),
    ("get ≤ 3× ThreadLocal.get at 1024", "get", "contextVar", {"size": "1024"}, "ratio", 3.0),
    ("get on a thread with no context ≤ 1.1× ThreadLocal.get", "get", "contextVarNoContext", {}, "ratio", 1.1),
    ("getAttribute, built name, ≤ 1.5× ContextVar.get at 16", "attrGet", "contextLocalBuiltName", {"size": "16"}, "ratio", 1.5),
    ("launch { }.join() with our element ≤ 1.3× without", "launchJoin", "contextElement", {}, "ratio", 1.3),
    ("set + reset ≤ 0.6× OpenTelemetry with + makeCurrent + close", "setReset", "contextVar", {}, "vs", ("openTelemetry", 0.6)),
    ("copyContext ≤ 24 B", "snapshot", "copyContext", {}, "bytes", 24),
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


def size_of(row):
    size = row.params.get("size", "")
    return int(size) if size.isdigit() else None


def ours_for(row, rows):
    """Our row in the same op that this row is compared with: same size (16 when the row has none)."""
    if row.op not in OURS:
        return None
    subject, required = OURS[row.op]
    wanted = dict(required)
    for k, v in row.params.items():
        if k in ("size",) or (k in required):
            wanted.setdefault(k, v)
    if "size" not in row.params:
        wanted.setdefault("size", "16")
    for r in rows:
        if r.op == row.op and r.subject == subject and all(r.params.get(k) == v for k, v in wanted.items() if k in r.params or k != "size"):
            if "size" in r.params and r.params["size"] != wanted.get("size"):
                continue
            return r
    return None


def table(op, rows, all_rows):
    names = sorted({k for r in rows for k in r.params}, key=lambda n: (n != "size", n))
    out = [f"### {OP_TITLES.get(op, op)}", ""]
    header = ["benchmark", "library"] + names + ["ns/op", "± err", "B/op", "× baseline", "× us"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join(["---", "---"] + ["---:"] * (len(header) - 2)) + "|")
    ours_subject = OURS.get(op, (None, {}))[0]

    def order(r):
        size = size_of(r)
        return (-1 if size is None else size, not r.is_baseline, r.subject != ours_subject, r.subject,
                str(sorted(r.params.items())))

    for r in sorted(rows, key=order):
        ratio = "1 (baseline)" if r.is_baseline else (f"{r.ratio():.2f}×" if r.baseline else "no baseline")
        ours = ours_for(r, all_rows)
        if ours is r:
            vs_us = "1 (us)"
        elif ours is not None:
            vs_us = f"{r.score / ours.score:.2f}×"
        else:
            vs_us = "–"
        cells = [f"`{r.cls}.{r.method}`", LIBRARIES.get(r.subject, r.subject)] + [r.params.get(n, "–") for n in names]
        cells += [fmt_score(r.score), fmt_score(r.error) if r.error is not None and r.error == r.error else "–",
                  fmt_bytes(r.bytes), ratio, vs_us]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out


def fmt_score(value):
    return f"{value:.2f}" if value < 1000 else f"{value:.0f}"


def retained_table(path):
    with open(path) as f:
        samples = json.load(f)
    sizes = sorted({s["size"] for s in samples})
    subjects = list(OrderedDict((s["subject"], None) for s in samples))
    by = {(s["subject"], s["size"]): s["bytes"] for s in samples}
    out = ["### Memory: bytes retained by a captured context holding N values (JOL; keys and values not counted)", "",
           "| library | " + " | ".join(f"N = {n}" for n in sizes) + " | B per value at the largest N |",
           "|---|" + "---:|" * (len(sizes) + 1)]
    for subject in subjects:
        cells = [f"{by.get((subject, n), float('nan')):.0f}" for n in sizes]
        last = by.get((subject, sizes[-1]))
        per = f"{last / sizes[-1]:.1f}" if last is not None else "–"
        out.append(f"| {LIBRARIES.get(subject, subject)} (`{subject}`) | " + " | ".join(cells) + f" | {per} |")
    out.append("")
    return out


def write_csv(path, rows):
    import csv
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["op", "subject", "library", "size", "layout", "score", "error", "bytes"])
        for r in rows:
            w.writerow([r.op, r.subject, LIBRARIES.get(r.subject, r.subject), r.params.get("size", ""),
                        r.params.get("layout", ""), f"{r.score:.4f}",
                        f"{r.error:.4f}" if r.error is not None and r.error == r.error else "",
                        f"{r.bytes:.1f}" if r.bytes is not None else ""])


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
        if kind == "scale":
            groups = {}
            for r in subjects:
                groups.setdefault(tuple(sorted((k, v) for k, v in r.params.items() if k != "size")), []).append(r)
            for key, group in groups.items():
                group.sort(key=lambda r: int(r.params["size"]))
                if len(group) < 2:
                    continue
                value = group[-1].score / group[0].score
                where = ", ".join([f"size {group[0].params['size']} → {group[-1].params['size']}"] + [f"{k}={v}" for k, v in key])
                out.append(verdict_row(label, where, f"{value:.2f}×", f"{limit}×", value <= limit,
                                       f"by {100 * (value / limit - 1):.0f}% ({value / limit:.1f} times the limit)"))
            continue
        if kind in ("vs", "vs-extra"):
            peer, limit_value = limit
            for r in sorted(subjects, key=lambda r: (int(r.params.get("size", "0")), str(r.params))):
                theirs = [p for p in rows if p.op == op and p.subject == peer
                          and all(r.params.get(k) == v for k, v in p.params.items())]
                if not theirs:
                    continue
                p = theirs[0]
                where = ", ".join(f"{k}={v}" for k, v in sorted(r.params.items(), key=lambda kv: kv[0] != "size")) or "–"
                if kind == "vs":
                    value = r.score / p.score
                    shown = f"{value:.2f}× ({r.score:.1f} vs {p.score:.1f} ns)"
                else:
                    if not r.baseline:
                        continue
                    base = r.baseline.score
                    ours_extra, their_extra = r.score - base, p.score - base
                    if their_extra <= 0:
                        continue
                    value = max(ours_extra, 0.0) / their_extra
                    shown = f"{value:.2f}× (+{ours_extra:.1f} vs +{their_extra:.1f} ns over {base:.1f})"
                out.append(verdict_row(label, where, shown, f"{limit_value}×", value <= limit_value,
                                       f"by {100 * (value / limit_value - 1):.0f}% ({value / limit_value:.1f} times the limit)"))
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
                # gc.alloc.rate.norm carries a fraction of a byte of JMH's own allocation: compare whole bytes.
                out.append(verdict_row(label, where, f"{r.bytes:.0f} B", f"{limit} B", round(r.bytes) <= limit,
                                       f"by {r.bytes - limit:.0f} B"))
    out.append("")
    return out


def verdict_row(label, where, shown, limit, ok, miss):
    return f"| {label} | {where} | {shown} | {limit} | {'met' if ok else 'MISSED ' + miss} |"


def main(argv):
    import argparse
    parser = argparse.ArgumentParser(description="JMH JSON (with -prof gc) to the markdown tables of docs/benchmarks/tables.md")
    parser.add_argument("result")
    parser.add_argument("--retained", help="RetainedSize's JSON, for the memory table")
    parser.add_argument("--csv", help="also write one CSV line per result, for ChartMaker")
    args = parser.parse_args(argv)
    with open(args.result) as f:
        entries = json.load(f)
    rows = [Row(e) for e in entries]
    pair(rows)
    if args.csv:
        write_csv(args.csv, rows)
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
            print("\n".join(table(op, group, rows)))
    if args.retained:
        print("\n".join(retained_table(args.retained)))
    print("\n".join(goals(rows)))


if __name__ == "__main__":
    main(sys.argv[1:])
