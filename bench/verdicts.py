"""Verdicts: medians per configuration and each target met, missed or not measured."""

from __future__ import annotations

import statistics
from collections import defaultdict

TARGETS_TEXT = {
    "ratio": "ours ≤ 1.25 × plain Pelican at every N",
    "share": "plugin share of the publish build ≤ 5 % (cProfile, N = 1,000)",
    "scaling": "time(20k) / time(5k) ≤ 4.2 (`make html`; else the publish build)",
    "regions": "R = 400 ≤ 1.3 × R = 7 at N = 5,000 (apart from the pages really added)",
    "memory": "peak memory ≤ 1 GB at N = 20,000 (`make html`, the largest single process)",
    "html": "`make html` (with the search index) ≤ 1.0 × plain Pelican at every N (R = 7)",
    "publish": "`make publish` ≤ 1.2 × plain Pelican",
    "workers": "speed-up of `make html` over SHOWCASE_WORKERS=1 (ideal: the number of cores)",
    "edit": "edit–preview ≤ 50 % of the cold build at N = 500 and 5,000 (stretch: < 2 s at 500)",
}


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(data: dict) -> dict:
    """(build, n, r) -> medians over the successful runs."""
    groups = defaultdict(list)
    for rec in data["builds"]:
        groups[(rec["build"], rec["n"], rec["r"])].append(rec)
    out = {}
    for key, recs in groups.items():
        ok = [x for x in recs if x["rc"] == 0]
        out[key] = {
            "runs": len(ok),
            "failed": len(recs) - len(ok),
            "wall": _median([x["wall"] for x in ok]),
            "wall_min": min((x["wall"] for x in ok), default=None),
            "wall_max": max((x["wall"] for x in ok), default=None),
            "cpu": _median([x.get("cpu") for x in ok]),
            "rss_mb": _median([x.get("rss_mb") for x in ok]),
            "files": _median([x.get("files") for x in ok]),
            "load": [x.get("load") for x in recs],
            "error": next((x.get("error") for x in recs if x["rc"] != 0), None),
        }
    return out


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**missed**")


def targets(data: dict, summary: dict) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) rows. Verdicts go by the wall-time medians; where CPU time
    (less disturbed by other jobs on the machine) gives another verdict, the row says so."""
    rows = []

    def get(build, n, r, key="wall"):
        s = summary.get((build, n, r))
        return s[key] if s and s["runs"] else None

    def verdict(by_wall, by_cpu=None) -> str:
        text = _verdict(by_wall)
        if by_wall is not None and by_cpu is not None and by_cpu != by_wall:
            text += f" (by CPU time: {'met' if by_cpu else 'missed'})"
        return text

    configs = sorted({(k[1], k[2]) for k in summary})
    ratios = []
    for n, r in configs:
        if get("ours", n, r) and get("plain", n, r):
            ratios.append(
                (
                    n,
                    r,
                    get("ours", n, r) / get("plain", n, r),
                    get("ours", n, r, "cpu") / get("plain", n, r, "cpu"),
                )
            )
    rows.append(
        (
            TARGETS_TEXT["ratio"],
            "; ".join(f"N={n:,} R={r}: {w:.2f}× (CPU {c:.2f}×)" for n, r, w, c in ratios) or "–",
            verdict(
                all(w <= 1.25 for *_, w, _c in ratios) if ratios else None,
                all(c <= 1.25 for *_, c in ratios) if ratios else None,
            ),
        )
    )

    for target, build, limit in (("html", "html", 1.0), ("publish", "publish", 1.2)):
        found = [
            (n, r, get(build, n, r) / get("plain", n, r), get(build, n, r, "cpu"))
            for n, r in configs
            if get(build, n, r) and get("plain", n, r) and (r == 7 or build == "publish")
        ]
        rows.append(
            (
                TARGETS_TEXT[target],
                "; ".join(f"N={n:,} R={r}: {w:.2f}× (CPU {c:.1f} s)" for n, r, w, c in found)
                or "–",
                _verdict(all(w <= limit for _n, _r, w, _c in found) if found else None),
            )
        )
    speedups = [
        (n, r, get("html1", n, r) / get("html", n, r))
        for n, r in configs
        if get("html1", n, r) and get("html", n, r)
    ]
    rows.append(
        (
            TARGETS_TEXT["workers"],
            "; ".join(
                f"N={n:,} R={r}: {x:.2f}× on {data['meta'].get('cpus', '?')} cores"
                for n, r, x in speedups
            )
            or "–",
            "informative",
        )
    )

    profile = next((p for p in data["profiles"] if p.get("rc") == 0 and "entry_share" in p), None)
    if profile:
        rows.append(
            (
                TARGETS_TEXT["share"],
                f"{profile['entry_share']:.1%} cumulative from the generator's entry points "
                f"(plugin's own code {profile['own_share']:.1%}; N={profile['n']:,})",
                _verdict(profile["entry_share"] <= 0.05),
            )
        )
    else:
        rows.append((TARGETS_TEXT["share"], "–", _verdict(None)))

    main = "html" if any(k[0] == "html" for k in summary) else "ours"
    t5, t20 = get(main, 5000, 7), get(main, 20000, 7)
    c5, c20 = get(main, 5000, 7, "cpu"), get(main, 20000, 7, "cpu")
    p5, p20 = get("plain", 5000, 7), get("plain", 20000, 7)
    extra = f"; plain Pelican: {p20 / p5:.2f}" if p5 and p20 else ""
    rows.append(
        (
            TARGETS_TEXT["scaling"],
            f"{t20 / t5:.2f} (CPU {c20 / c5:.2f}{extra})" if t5 and t20 else "–",
            verdict(
                t20 / t5 <= 4.2 if t5 and t20 else None, c20 / c5 <= 4.2 if c5 and c20 else None
            ),
        )
    )

    s7, s400 = summary.get((main, 5000, 7)), summary.get((main, 5000, 400))
    if s7 and s400 and s7["runs"] and s400["runs"]:
        added = s400["files"] - s7["files"]
        measured, verdicts = [], []
        for key in ("wall", "cpu"):
            raw = s400[key] / s7[key]
            allowance = s7[key] / s7["files"] * added
            adjusted = s400[key] / (s7[key] + allowance)
            measured.append(
                f"{key}: raw {raw:.2f}×, {adjusted:.2f}× after allowing the R=7 "
                f"average time per file for the added files ({allowance:.1f} s)"
            )
            verdicts.append(adjusted <= 1.3)
        rows.append(
            (
                TARGETS_TEXT["regions"],
                f"{added:,.0f} more files; " + "; ".join(measured),
                verdict(*verdicts),
            )
        )
    else:
        rows.append((TARGETS_TEXT["regions"], "–", _verdict(None)))

    s20 = summary.get((main, 20000, 7))
    rows.append(
        (
            TARGETS_TEXT["memory"],
            f"{s20['rss_mb']:.0f} MB" if s20 and s20["runs"] else "–",
            _verdict(s20["rss_mb"] <= 1024 if s20 and s20["runs"] else None),
        )
    )

    edit = edit_summary(data)
    if edit:
        parts, oks, cpu_oks = [], [], []
        for n, e in sorted(edit.items()):
            if e["cold"] and e["rebuild"]:
                share = e["rebuild"] / e["cold"]
                cpu_share = e["rebuild_cpu"] / e["cold_cpu"] if e.get("cold_cpu") else None
                oks.append(share <= 0.5)
                cpu_oks.append(cpu_share is not None and cpu_share <= 0.5)
                parts.append(
                    f"N={n:,}: {e['rebuild']:.1f} s of {e['cold']:.1f} s = {share:.0%}"
                    + (f" (CPU {cpu_share:.0%})" if cpu_share is not None else "")
                )
        stretch = edit.get(500, {}).get("rebuild")
        if stretch:
            parts.append(f"stretch (< 2 s at 500): {'met' if stretch < 2 else 'missed'}")
        rows.append(
            (
                TARGETS_TEXT["edit"],
                "; ".join(parts),
                verdict(all(oks) if oks else None, all(cpu_oks) if cpu_oks else None),
            )
        )
    else:
        rows.append((TARGETS_TEXT["edit"], "–", _verdict(None)))
    return rows


def edit_summary(data: dict) -> dict:
    out = defaultdict(dict)
    for kind in ("cold", "rebuild"):
        per_n = defaultdict(list)
        for rec in data["edit"]:
            if rec["kind"] == kind and rec["rc"] == 0:
                per_n[rec["n"]].append(rec)
        for n, recs in per_n.items():
            out[n][kind] = _median([x["wall"] for x in recs])
            out[n][kind + "_rss"] = _median([x.get("rss_mb") for x in recs])
            out[n][kind + "_cpu"] = _median([x.get("cpu") for x in recs])
            out[n][kind + "_runs"] = len(recs)
    for rec in data["edit"]:
        out[rec["n"]].setdefault("cold", None)
        out[rec["n"]].setdefault("rebuild", None)
    return dict(out)
