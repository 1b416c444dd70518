"""Show an evaluation: a terminal table, a markdown report and a PNG chart (the app shows the same)."""
from __future__ import annotations

from pathlib import Path

from eval.runner import METRICS, Report

BY_TYPE_METRICS = ("ndcg@10", "recall@5", "mrr@10")


def table(rows: dict[str, dict[str, float]], first: str = "method") -> str:
    metrics = list(METRICS)
    lines = [f"{first:<14}" + "".join(f"{m:>11}" for m in metrics)]
    for name, values in rows.items():
        if name.startswith("_"):
            continue
        lines.append(f"{name:<14}" + "".join(f"{values.get(m, 0.0):>11.4f}" for m in metrics))
    return "\n".join(lines)


def text(report: Report) -> str:
    parts = [f"{report.name} — split {report.split}, {report.queries} queries", table(report.methods)]
    if len(report.by_type) > 1:
        methods = [m for m in report.methods]
        for metric in BY_TYPE_METRICS:
            parts.append(f"\n{metric} by query type")
            parts.append(f"{'type':<14}{'n':>4}" + "".join(f"{m:>12}" for m in methods))
            for t, by_method in report.by_type.items():
                n = by_method.get("_queries", {}).get("n", 0)
                parts.append(f"{t:<14}{n:>4}" + "".join(f"{by_method[m][metric]:>12.4f}" for m in methods))
    if report.paired:
        parts.append("\nhybrid - method, nDCG@10 (paired sign-flip p)")
        singles = list(dict.fromkeys(r["method"] for r in report.paired))
        parts.append(f"{'type':<14}{'n':>4}" + "".join(f"{m:>22}" for m in singles))
        for t in dict.fromkeys(r["type"] for r in report.paired):
            rows = {r["method"]: r for r in report.paired if r["type"] == t}
            n = next(iter(rows.values()))["n"]
            parts.append(f"{t:<14}{n:>4}" + "".join(f"{rows[m]['diff']:>+13.4f} (p {rows[m]['p']:.2f})"
                                                    for m in singles))
    if report.checks:
        parts.append("\ntargets (nDCG@10)")
        parts += [f"{'met ' if c.ok else 'MISS'} {c.name:<58}{c.value:>8.4f}  bar {c.bar:.4f}  {c.detail}".rstrip()
                  for c in report.checks]
    if report.answers:
        parts.append("\nanswer accuracy (directives ask; unanswerable: share declined)")
        for t, row in report.answers.items():
            parts.append(f"{t:<14}{row['n']:>4}{row['accuracy']:>12.4f}")
    if report.answers_by_split:
        from eval.archive_set import gap_table
        parts.append("\nanswer accuracy on dev and on test documents\n" + gap_table(report.answers_by_split))
    return "\n".join(parts)


def markdown(report: Report) -> str:
    metrics = list(METRICS)
    out = [f"# Evaluation: {report.name}", "", f"Split `{report.split}`, {report.queries} queries.", "",
           "| method | " + " | ".join(metrics) + " |", "|---" * (len(metrics) + 1) + "|"]
    for name, values in report.methods.items():
        out.append(f"| {name} | " + " | ".join(f"{values[m]:.4f}" for m in metrics) + " |")
    if len(report.by_type) > 1:
        methods = list(report.methods)
        for metric in BY_TYPE_METRICS:
            out += ["", f"## {metric} by query type", "", "| type | n | " + " | ".join(methods) + " |",
                    "|---" * (len(methods) + 2) + "|"]
            for t, by_method in report.by_type.items():
                n = by_method.get("_queries", {}).get("n", 0)
                out.append(f"| {t} | {n} | " + " | ".join(f"{by_method[m][metric]:.4f}" for m in methods) + " |")
    if report.paired:
        singles = list(dict.fromkeys(r["method"] for r in report.paired))
        out += ["", "## Hybrid minus each single method (nDCG@10, paired sign-flip p)", "",
                "| type | n | " + " | ".join(singles) + " |", "|---" * (len(singles) + 2) + "|"]
        for t in dict.fromkeys(r["type"] for r in report.paired):
            rows = {r["method"]: r for r in report.paired if r["type"] == t}
            n = next(iter(rows.values()))["n"]
            out.append(f"| {t} | {n} | " + " | ".join(f"{rows[m]['diff']:+.4f} (p {rows[m]['p']:.2f})"
                                                      for m in singles) + " |")
    if report.checks:
        out += ["", "## Targets (nDCG@10)", "", "| target | value | bar | met | detail |", "|---|---|---|---|---|"]
        out += [f"| {c.name} | {c.value:.4f} | {c.bar:.4f} | {'yes' if c.ok else '**no**'} | {c.detail} |"
                for c in report.checks]
    if report.answers:
        out += ["", "## Answer accuracy (unanswerable: share declined)", "", "| type | n | accuracy |", "|---|---|---|"]
        out += [f"| {t} | {row['n']} | {row['accuracy']:.4f} |" for t, row in report.answers.items()]
    if report.answers_by_split:
        from eval.archive_set import gap_table
        out += ["", "## Answer accuracy on dev and on test documents", "", gap_table(report.answers_by_split)]
    out += ["", "![chart](chart.png)", ""]
    return "\n".join(out)


def chart(report: Report, path: Path) -> Path:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = list(METRICS)
    methods = list(report.methods)
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    width = 0.8 / len(methods)
    for i, m in enumerate(methods):
        ax.bar([x + i * width for x in range(len(metrics))], [report.methods[m][k] for k in metrics], width, label=m)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(metrics))], metrics)
    ax.set_ylim(0, 1)
    ax.set_title(f"{report.name} ({report.split}, {report.queries} queries)")
    ax.legend(fontsize=8, ncol=len(methods), loc="upper center", bbox_to_anchor=(0.5, -0.08), frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def write(report: Report, folder: Path) -> list[Path]:
    import json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.md").write_text(markdown(report), encoding="utf-8")
    (folder / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return [folder / "report.md", folder / "report.json", chart(report, folder / "chart.png")]
