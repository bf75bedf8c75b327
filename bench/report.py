#!/usr/bin/python3
"""Turns the `bench: <arch>.<name>=<value>` lines of a `make bench` run into
build/bench/report.md: each figure beside its target, seL4's figure measured
the same way, and the value in the committed baseline (bench/baseline.txt),
plus four SVG charts drawn with matplotlib (Debian's python3-matplotlib,
installed by tools/deps). Run by bench/run; usage:

    bench/report.py RUN_OUTPUT BASELINE OUT_DIR
"""
import re
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

LINE = re.compile(r"^bench: ([a-z0-9]+)\.([A-Za-z0-9_.]+)=(-?[0-9.]+)\s*$")
ARCHES = ("i386", "coldfire")

# seL4's ia32 figures: sel4bench with the fastpath and sysenter, run under
# qemu-system-i386 -icount shift=0,sleep=off, one count per guest instruction.
ANCHOR_SOURCE = ("seL4 16.0.0-dev ia32 (Release, fastpath, sysenter), measured with sel4bench "
                 "under the same QEMU `-icount shift=0,sleep=off` setting: one count is one "
                 "guest instruction")
ANCHOR = {
    "ipc.call": (195, "Call, fastpath"),
    "ipc.replyrecv": (224, "ReplyRecv, fastpath"),
    "ipc.roundtrip": (419, "195 + 224"),
    "ipc.call10": (903, "10-word Call, slow path"),
    "ipc.replyrecv10": (932, "10-word ReplyRecv, slow path"),
    "ipc.send": (768, "Send, slow path"),
}

# name: (what it is, target as a number or a function of the run, unit)
TARGETS = [
    ("ipc.null", "null invocation", 100, "instructions"),
    ("ipc.call", "one-way Call, <= 4 words", 195, "instructions"),
    ("ipc.replyrecv", "one-way ReplyRecv, <= 4 words", 224, "instructions"),
    ("ipc.roundtrip", "round trip Call + ReplyRecv", 419, "instructions"),
    ("ipc.call10", "one-way Call, 10 words", 450, "instructions"),
    ("ipc.replyrecv10", "one-way ReplyRecv, 10 words", 450, "instructions"),
    ("ipc.callcap", "one-way Call with one capability", "2 x ipc.call", "instructions"),
    ("bank.pair", "page alloc + free through the bank server", 1500, "instructions"),
    ("bank.cached_pair", "page alloc + free from the client's cache", 150, "instructions"),
    ("buddy.pair", "buddy order-0 alloc + free (host, callgrind)", 100, "Ir"),
]


# Where the reasons of a target not met are written down (the report points
# there from below its table).
MISSED_WHY = {
    "bank.pair": "doc/spacebank.md, \"The target of 1,500\": the pair traced step by step, "
                 "and what each step of the bank and the kernel costs",
}


def read(path):
    """{(arch, name): value} of every bench line in path ({} if absent)."""
    figures = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = LINE.match(line)
                if m:
                    figures[(m.group(1), m.group(2))] = float(m.group(3))
    except FileNotFoundError:
        pass
    return figures


def fmt(v, missing="not measured"):
    if v is None:
        return missing
    return f"{v:.0f}" if v == int(v) or abs(v) >= 1000 else f"{v:.1f}"


def target_of(t, arch, run):
    if t == "2 x ipc.call":
        call = run.get((arch, "ipc.call"))
        return 2 * call if call is not None else None
    return t


def target_rows(run, base):
    """The targets' table rows, how many are met of how many, and the names
    of those missed on some arch."""
    rows, met, total, missed = [], 0, 0, []
    for name, what, target, unit in TARGETS:
        arches = ("host",) if name.startswith("buddy.") else ARCHES
        key_name = name
        for arch in arches:
            v = run.get((arch, key_name))
            t = target_of(target, arch, run)
            ok = v is not None and t is not None and v <= t
            total += 1
            met += ok
            if not ok and name not in missed:
                missed.append(name)
            anchor = ANCHOR.get(name)
            rows.append("| {} | {} | {} | {} | {} | {} | {} |".format(
                f"`{arch}.{name}` {what}", fmt(v),
                ("<= " + fmt(t)) if t is not None else f"<= {target}",
                "met" if ok else "**missed**",
                f"{anchor[0]} ({anchor[1]})" if anchor else "-",
                fmt(base.get((arch, key_name)), "-"), unit))
    return rows, met, total, missed


def missed_lines(missed):
    return [f"Not met: `{name}`, see {MISSED_WHY[name]}." if name in MISSED_WHY
            else f"Not met: `{name}`." for name in missed]


def other_rows(run, base):
    named = {n for n, *_ in TARGETS}
    rows = []
    for (arch, name), v in sorted(run.items()):
        if name in named:
            continue
        rows.append(f"| `{arch}.{name}` | {fmt(v)} | {fmt(base.get((arch, name)), '-')} |")
    return rows


def chart_ipc(run, path):
    ops = [("ipc.null", "null"), ("ipc.call", "Call"), ("ipc.replyrecv", "ReplyRecv"),
           ("ipc.call10", "Call, 10 words"), ("ipc.replyrecv10", "ReplyRecv, 10 words"),
           ("ipc.callcap", "Call + cap")]
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.27
    for i, (label, get) in enumerate([
            ("Arroyo i386", lambda n: run.get(("i386", n))),
            ("Arroyo ColdFire", lambda n: run.get(("coldfire", n))),
            ("seL4 ia32", lambda n: ANCHOR.get(n, (None,))[0])]):
        xs = [j + (i - 1) * width for j in range(len(ops))]
        ys = [get(n) or 0 for n, _ in ops]
        ax.bar(xs, ys, width, label=label)
    ax.set_xticks(range(len(ops)), [lab for _, lab in ops])
    ax.set_ylabel("guest instructions (QEMU -icount)")
    ax.set_title("IPC against seL4 (missing bar: not measured)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def series(run, arch, prefix):
    pts = []
    for (a, name), v in run.items():
        if a == arch and name.startswith(prefix):
            pts.append((name[len(prefix):], v))
    return pts


def chart_buddy(run, path):
    fig, ax = plt.subplots(figsize=(6, 4))
    for prefix, label in (("buddy.kept", "buddy"), ("firstfit.kept", "bitmap first fit")):
        pts = sorted((int(k), v) for k, v in series(run, "host", prefix))
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    ax.set_yscale("log")
    ax.set_xlabel("share of blocks kept after a random fill (%)")
    ax.set_ylabel("Ir per alloc + free (orders 0 and 4)")
    ax.set_title("Buddy against first fit as fragmentation grows")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def chart_rtree(run, path):
    pts = sorted((int(k), v) for k, v in series(run, "host", "rtree.lookup."))
    fig, ax = plt.subplots(figsize=(6, 4))
    if pts:
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o")
    ax.set_xscale("log")
    ax.set_xlabel("ranges in the tree")
    ax.set_ylabel("Ir per rtree_lookup")
    ax.set_title("Resource-tree lookup against the number of ranges")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def ram_bytes(label):
    n, unit = int(label[:-1]), label[-1]
    return n << {"M": 20, "G": 30}[unit]


def chart_heap(run, path):
    fig, ax = plt.subplots(figsize=(6, 4))
    for prefix, label in (("heap.share.", "fixed heap"),
                          ("heap.share_relaxed.", "heap + reserve kept after discovery"),
                          ("heap.share_reserve.", "heap + conservative reserve")):
        pts = sorted((ram_bytes(k), v) for k, v in series(run, "host", prefix))
        if pts:
            ax.plot([p[0] >> 20 for p in pts], [p[1] for p in pts], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_xlabel("RAM (MiB)")
    ax.set_ylabel("share of RAM (%)")
    ax.set_title("Kernel heap share against RAM size")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    run, base, out = read(sys.argv[1]), read(sys.argv[2]), sys.argv[3]
    rows, met, total, missed = target_rows(run, base)
    charts = [("ipc.svg", chart_ipc, "IPC against the seL4 anchor"),
              ("buddy.svg", chart_buddy, "Buddy against first fit as fragmentation grows"),
              ("rtree.svg", chart_rtree, "Resource-tree lookups against the number of ranges"),
              ("heap.svg", chart_heap, "Heap share against RAM size")]
    for name, draw, _ in charts:
        draw(run, f"{out}/{name}")
    lines = [
        "# Arroyo benchmark report", "",
        "Every figure counts instructions, never time: guest instructions under QEMU "
        "`-icount shift=0,sleep=off` for the kernel (i386 reads `rdtsc`, one count per "
        "instruction; ColdFire reads PIT1, one tick per 12 instructions, so its null and "
        "round-trip figures are means over loops of 64 and its one-way figures the means of "
        "48 samples whose phases spread over the tick, each sample good to 12), "
        "and callgrind's Ir for host code. The one exception is the boot time, which is wall "
        "time and only a report line.", "",
        f"seL4 anchor: {ANCHOR_SOURCE}.", "",
        f"Previous: the committed baseline, `bench/baseline.txt`.", "",
        f"## Targets: {met} of {total} met", "",
        "| figure | value | target | | seL4 | previous | unit |",
        "| --- | ---: | ---: | --- | --- | ---: | --- |",
        *rows, "",
        *[line + "\n" for line in missed_lines(missed)],
        "## Every other figure", "",
        "| figure | value | previous |", "| --- | ---: | ---: |",
        *other_rows(run, base), "",
        "## Charts", "",
    ]
    for name, _, title in charts:
        lines += [f"![{title}]({name})", ""]
    with open(f"{out}/report.md", "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"report: {out}/report.md, {met} of {total} targets met")


if __name__ == "__main__":
    main()
