#!/usr/bin/env python3
"""The headline table of docs/benchmarks.md: ours beside each peer, as ratios, from the kept runs.

    python3 extracontext-benchmarks/headline.py docs/benchmarks/quick-jdk17.json docs/benchmarks/quick-jdk25.json

prints the table; with --write DOC it replaces the table between DOC's headline markers instead.
Ratio = the peer's ns/op / ours, in the same run: above 1, we are faster. Rows are at 16 values
held (the executor and coroutine rows hold 16 values of each library's own kind).
"""
import json
import sys

OURS = {
    "read": ("ReadBenchmark.get_contextVar", {"size": "16", "layout": "settled"}),
    "scoped write + restore": ("WriteBenchmark.setReset_contextVar", {"size": "16"}),
    "snapshot": ("SnapshotBenchmark.snapshot_copyContext", {"size": "16"}),
    "wrapped task": ("PeerWrappedTaskBenchmark.wrap_contextWrap", {"size": "16"}),
    "executor wrapper": ("ExecutorBenchmark.directExecute_contextExecutor", {"size": "16"}),
    "pool round trip": ("ExecutorBenchmark.poolSubmit_contextPool", {"size": "16"}),
    "coroutine resume": ("CoroutineBenchmark.resume_contextElement", {}),
    "coroutine launch + join": ("CoroutineBenchmark.launchJoin_contextElement", {}),
}
PEERS = [  # (operation, peer, benchmark, params)
    ("read", "`ThreadLocal.get()`", "ReadBenchmark.get_threadLocalBaseline", {"size": "16"}),
    ("read", "`ScopedValue.get()` (JDK 25 only)", "PeerScopedValueBenchmark.get_scopedValue", {"size": "16"}),
    ("read", "OpenTelemetry `Context.current().get(key)`", "PeerReadBenchmark.get_openTelemetry", {"size": "16"}),
    ("read", "gRPC `key.get()`", "PeerReadBenchmark.get_grpc", {"size": "16"}),
    ("read", "TTL `get()`", "PeerReadBenchmark.get_ttl", {"size": "16"}),
    ("read", "SLF4J `MDC.get` (Logback)", "PeerReadBenchmark.get_mdc", {"size": "16"}),
    ("scoped write + restore", "`ThreadLocal` set + set back", "WriteBenchmark.setReset_threadLocalBaseline", {"size": "16"}),
    ("scoped write + restore", "`ScopedValue.where(..).run(..)` (JDK 25 only)", "PeerScopedValueBenchmark.setReset_scopedValue", {"size": "16"}),
    ("scoped write + restore", "OpenTelemetry `with` + `makeCurrent` + `close`", "PeerScopedWriteBenchmark.setReset_openTelemetry", {"size": "16"}),
    ("scoped write + restore", "gRPC `withValue` + `attach` + `detach`", "PeerScopedWriteBenchmark.setReset_grpc", {"size": "16"}),
    ("scoped write + restore", "TTL set + set back", "PeerScopedWriteBenchmark.setReset_ttl", {"size": "16"}),
    ("scoped write + restore", "`MDC.put` + put back", "PeerScopedWriteBenchmark.setReset_mdc", {"size": "16"}),
    ("snapshot", "16 `ThreadLocal`s read into an array", "SnapshotBenchmark.snapshot_threadLocalBaseline", {"size": "16"}),
    ("snapshot", "OpenTelemetry `Context.current()`", "PeerSnapshotBenchmark.snapshot_openTelemetry", {"size": "16"}),
    ("snapshot", "gRPC `Context.current()`", "PeerSnapshotBenchmark.snapshot_grpc", {"size": "16"}),
    ("snapshot", "TTL `Transmitter.capture()`", "PeerSnapshotBenchmark.snapshot_ttl", {"size": "16"}),
    ("snapshot", "Micrometer `captureAll()`, 16 accessors", "PeerSnapshotBenchmark.snapshot_micrometer", {"size": "16"}),
    ("snapshot", "`MDC.getCopyOfContextMap()`", "PeerSnapshotBenchmark.snapshot_mdc", {"size": "16"}),
    ("wrapped task", "OpenTelemetry `Context.wrap`", "PeerWrappedTaskBenchmark.wrap_openTelemetry", {"size": "16"}),
    ("wrapped task", "gRPC `Context.wrap`", "PeerWrappedTaskBenchmark.wrap_grpc", {"size": "16"}),
    ("wrapped task", "TTL replay + run + restore", "PeerWrappedTaskBenchmark.wrap_ttl", {"size": "16"}),
    ("wrapped task", "Micrometer `snapshot.wrap`", "PeerWrappedTaskBenchmark.wrap_micrometer", {"size": "16"}),
    ("wrapped task", "MDC copied map installed + restored", "PeerWrappedTaskBenchmark.wrap_mdc", {"size": "16"}),
    ("executor wrapper", "OpenTelemetry `Context.taskWrapping`", "PeerExecutorBenchmark.directExecute_openTelemetry", {}),
    ("executor wrapper", "gRPC `Context.currentContextExecutor`", "PeerExecutorBenchmark.directExecute_grpc", {}),
    ("executor wrapper", "`TtlExecutors`", "PeerExecutorBenchmark.directExecute_ttl", {}),
    ("executor wrapper", "Micrometer `ContextExecutorService`", "PeerExecutorBenchmark.directExecute_micrometer", {}),
    ("pool round trip", "OpenTelemetry `Context.taskWrapping`", "PeerExecutorBenchmark.poolSubmit_openTelemetry", {}),
    ("pool round trip", "gRPC `Context.currentContextExecutor`", "PeerExecutorBenchmark.poolSubmit_grpc", {}),
    ("pool round trip", "`TtlExecutors`", "PeerExecutorBenchmark.poolSubmit_ttl", {}),
    ("pool round trip", "Micrometer `ContextExecutorService`", "PeerExecutorBenchmark.poolSubmit_micrometer", {}),
    ("coroutine resume", "kotlinx `ThreadLocal.asContextElement()`", "CoroutineBenchmark.resume_threadLocalElement", {}),
    ("coroutine resume", "kotlinx-coroutines-slf4j `MDCContext()`", "CoroutineBenchmark.resume_mdcContext", {}),
    ("coroutine launch + join", "kotlinx `ThreadLocal.asContextElement()`", "CoroutineBenchmark.launchJoin_threadLocalElement", {}),
    ("coroutine launch + join", "kotlinx-coroutines-slf4j `MDCContext()`", "CoroutineBenchmark.launchJoin_mdcContext", {}),
]
BEGIN, END = "<!-- headline: generated by extracontext-benchmarks/headline.py, do not edit -->", "<!-- end of headline -->"


def scores(path):
    out = {}
    for e in json.load(open(path)):
        name = ".".join(e["benchmark"].split(".")[-2:])
        out.setdefault(name, []).append((e.get("params", {}), e["primaryMetric"]["score"]))
    return out


def find(runs, name, params):
    for have, score in runs.get(name, []):
        if all(have.get(k) == v for k, v in params.items()):
            return score
    return None


def fmt(ns):
    return "–" if ns is None else (f"{ns:.1f}" if ns < 100 else f"{ns:,.0f}")


def ratio(peer, ours):
    return "–" if peer is None or ours is None else f"**{peer / ours:.2f}×**"


def table(jdk17, jdk25):
    a, b = scores(jdk17), scores(jdk25)
    rows = ["| operation | peer | JDK 17: peer / ours (ns) | JDK 17: ratio | JDK 25: peer / ours (ns) | JDK 25: ratio |",
            "|---|---|---:|---:|---:|---:|"]
    last = None
    for op, peer, name, params in PEERS:
        o17, o25 = find(a, *OURS[op]), find(b, *OURS[op])
        p17, p25 = find(a, name, params), find(b, name, params)
        rows.append(f"| {op if op != last else ''} | {peer} | {fmt(p17)} / {fmt(o17)} | {ratio(p17, o17)} | {fmt(p25)} / {fmt(o25)} | {ratio(p25, o25)} |")
        last = op
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    args = sys.argv[1:]
    doc = None
    if args and args[0] == "--write":
        doc, args = args[1], args[2:]
    text = table(*args)
    if doc is None:
        sys.stdout.write(text)
    else:
        page = open(doc).read()
        head, rest = page.split(BEGIN, 1)
        open(doc, "w").write(head + BEGIN + "\n" + text + rest[rest.index(END):])
