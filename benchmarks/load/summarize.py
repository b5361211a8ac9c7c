#!/usr/bin/env python3
"""Turns the RESULT lines of a run-all.sh run (results.txt) into the markdown tables of docs/benchmarks.md §2-4.

    benchmarks/load/summarize.py benchmarks/results/<date>/load/results.txt
"""
import re
import sys

lines = open(sys.argv[1]).read().splitlines()


def pct(s, name):
    m = re.search(name + r"=([0-9.]+)", s)
    return m.group(1) if m else "?"


def stats(s):
    return {k: pct(s, k) for k in ("n", "mean", "p50", "p95", "p99", "max")}


def cpu(s, proc):
    m = re.search(re.escape(proc) + r" ([0-9.]+) s CPU \(([0-9]+)% of one core; kernel ([0-9.]+) s\)", s)
    return (m.group(1), m.group(2), m.group(3)) if m else ("?", "?", "?")


def busy(s):
    m = re.search(r"whole machine (\d+)% busy \(softirq (\d+)%\)", s)
    return f"{m.group(1)}% (softirq {m.group(2)}%)" if m else "–"


out = []
for l in lines:
    body = l.split("RESULT ", 1)[1] if "RESULT " in l else l
    if body.startswith("idle client connections held"):
        m = re.search(r"held=(\d+) heap/conn=(\d+) B rss/conn=(\d+) B \(ELS live heap ([0-9,]+) -> ([0-9,]+) KiB, RSS ([0-9,]+) -> ([0-9,]+) KiB\); load generator heap/conn=(\d+) B", body)
        out.append("| Connections held | Live heap per connection | RSS per connection | ELS live heap before → after | ELS RSS before → after | Load generator heap per connection |")
        out.append("|---|---|---|---|---|---|")
        out.append(f"| {int(m.group(1)):,} | **{int(m.group(2)):,} B** | {int(m.group(3)):,} B | {m.group(4)} → {m.group(5)} KiB | {m.group(6)} → {m.group(7)} KiB | {int(m.group(8)):,} B |")
    elif body.startswith("idle extrapolated"):
        out.append("")
        out.append("Extrapolated: " + body.split(": ", 1)[1])
    elif body.startswith("idle CPU"):
        e, g = cpu(body, "els"), cpu(body, "load-generator")
        out.append("")
        out.append(f"Idle with pings every 18 s: ELS {e[0]} s CPU in 36 s ({e[1]}% of one core, kernel {e[2]} s); load generator {g[0]} s ({g[1]}%).")
    elif body.startswith("rate "):
        if not (out and out[-1].startswith("| ") and " µs | " in out[-1]):
            out.append("")
            out.append("| Phase | Target rate | Achieved | Failed | Skipped (> 4,000 in flight) | Connect → reply p50 / p95 / p99 / max (ms) | ELS CPU per connection | Load generator CPU per connection | ELS / generator CPU (% of one core) | Machine busy (of 2 vCPUs) |")
            out.append("|---|---|---|---|---|---|---|---|---|---|")
        m = re.search(r"rate (\S+) client (?:mq=(\S+) )?target=(\d+)/s for (\d+) s: synced=(\d+) failed=(\d+) skipped\(in-flight>\d+\)=(\d+) achieved=(\d+) syncs/s", body)
        st = stats(body.split("connect->sync", 1)[1])
        e, g = cpu(body, "els"), cpu(body, "load-generator")
        pe = re.search(r"ELS (\d+) us, load generator (\d+) us", body)
        mq = m.group(2) or "Postgres"
        label = m.group(1) + ("" if mq == "Postgres" else f", MqProvider={mq} (end-user messages dropped)")
        out.append(f"| {label} | {int(m.group(3)):,}/s × {m.group(4)} s | **{int(m.group(8)):,}/s** | {m.group(6)} | {int(m.group(7)):,} | {st['p50']} / {st['p95']} / {st['p99']} / {st['max']} | {pe.group(1)} µs | {pe.group(2)} µs | {e[1]}% / {g[1]}% | {busy(body)} |")
    elif body.startswith("push ") and "publish->receipt" in body:
        m = re.search(r"push (\w+) connections=(\d+) pushes=(\d+)", body)
        st = stats(body.split("pairs", 1)[1])
        miss = pct(body, "missing")
        out.append("")
        out.append(f"Push to {int(m.group(2)):,} {m.group(1)} connections, {m.group(3)} changes: publish → receipt over all pairs p50 **{st['p50']}** / p95 {st['p95']} / p99 **{st['p99']}** / max {st['max']} ms (mean {st['mean']}), missing {miss}.")
    elif body.startswith("push ") and "first connection" in body:
        f = stats(body.split("first connection per push", 1)[1].split(";")[0])
        la = stats(body.split("last connection per push", 1)[1].split(";")[0])
        pc = stats(body.split("publish call", 1)[1])
        out.append(f"First connection per change p50 {f['p50']} / max {f['max']} ms; last connection p50 {la['p50']} / max {la['max']} ms; the publish call (row + NOTIFY) p50 {pc['p50']} ms.")
    elif body.startswith("push ") and "CPU" in body:
        e, g = cpu(body, "els"), cpu(body, "load-generator")
        out.append(f"CPU over the 20 changes: ELS {e[0]} s (kernel {e[2]} s), load generator {g[0]} s (kernel {g[2]} s).")
    elif body.startswith("api->sdk") and "pairs" in body:
        m = re.search(r"api->sdk (\w+) writes", body)
        st = stats(body.split("pairs", 1)[1])
        cur = {"mq": m.group(1), "all": st, "missing": pct(body, "missing")}
    elif body.startswith("api->sdk") and "first SDK" in body:
        cur["first"] = stats(body.split("first SDK per write", 1)[1].split(";")[0])
        cur["put"] = stats(body.split("PUT response", 1)[1])
    elif body.startswith("api->sdk") and "CPU" in body:
        if "| Queue |" not in "\n".join(out):
            out.append("")
            out.append("| Queue | PUT start → SDK p50 | p95 | p99 | max | mean | first SDK per write p50 / p99 | PUT response p50 / p99 | CPU over 200 writes (API / ELS / generator / broker / PostgreSQL) |")
            out.append("|---|---|---|---|---|---|---|---|---|")
        a, e, g, k = cpu(body, "api"), cpu(body, "els"), cpu(body, "load-generator"), cpu(body, "kafka")
        pgm = re.search(r"PostgreSQL backends ([0-9.]+) s", body)
        broker = k[0] + " s" if k[0] != "?" else "–"
        s = cur["all"]
        out.append(f"| {cur['mq']} | **{s['p50']} ms** | {s['p95']} | **{s['p99']}** | {s['max']} | {s['mean']} | {cur['first']['p50']} / {cur['first']['p99']} | {cur['put']['p50']} / {cur['put']['p99']} | {a[0]} / {e[0]} / {g[0]} / {broker} / {pgm.group(1) if pgm else '?'} s |")
    elif body.startswith("queue ") and " jobs:" in body:
        if "| Provider |" not in "\n".join(out):
            out.append("")
            out.append("| Provider | Producer (`publishAll` of 1,000) | Consumer, from start | Consumer, steady state | Batches | Generator CPU produce / consume | Server CPU produce / consume | Real-time publish → delivery p50 / p95 / p99 / max (ms) |")
            out.append("|---|---|---|---|---|---|---|---|")
        name = body.split()[1]
        prod = re.search(r"at ([0-9,]+) msg/s; consumed", body).group(1)
        cons = re.search(r"\): ([0-9,]+) msg/s from start, ([0-9,]+) msg/s from the first batch \(first batch after ([0-9.]+) s\)", body)
        batches = re.search(r"in (\d+) batches", body).group(1)
        sides = body.split("producer side", 1)[1].split("; consumer side")
        gp, gc = cpu(sides[0], "load-generator"), cpu(sides[1], "load-generator")
        def server(side):
            for pat in (r"kafka ([0-9.]+) s CPU", r"PostgreSQL backends ([0-9.]+) s", r"redis-server ([0-9.]+) s"):
                mm = re.search(pat, side)
                if mm:
                    return mm.group(1) + " s"
            return "?"
        queue_row = [name, f"**{prod} msg/s**", f"{cons.group(1)} msg/s", f"**{cons.group(2)} msg/s** (first batch after {cons.group(3)} s)", batches,
                     f"{gp[0]} / {gc[0]} s", f"{server(sides[0])} / {server(sides[1])}"]
    elif body.startswith("queue ") and "realtime" in body:
        st = stats(body.split("one at a time):", 1)[1])
        queue_row.append(f"{st['p50']} / {st['p95']} / {st['p99']} / {st['max']}")
        out.append("| " + " | ".join(queue_row) + " |")
    elif body.startswith("queue ") and "not measured" in body:
        out.append("| " + body + " |")
print("\n".join(out))
