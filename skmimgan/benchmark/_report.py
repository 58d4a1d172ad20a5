"""The benchmark's CSV file and Markdown summary."""

import csv

import numpy as np

COLUMNS = (
    "dataset",
    "seed",
    "detector",
    "auc",
    "f1",
    "fit_seconds",
    "score_seconds",
    "n_train",
    "n_test",
    "n_test_outliers",
    "contamination",
)
_FLOATS = {"auc", "f1", "fit_seconds", "score_seconds", "contamination"}


def write_csv(rows, path):
    """Write one line per (dataset, seed, detector) row."""
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    key: f"{row[key]:.6g}" if key in _FLOATS else row[key]
                    for key in COLUMNS
                }
            )


def read_csv(path):
    """Read rows written by :func:`write_csv`, with numbers as numbers."""
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for key in COLUMNS:
            if key in _FLOATS:
                row[key] = float(row[key])
            elif key not in ("dataset", "detector"):
                row[key] = int(row[key])
    return rows


def _ordered(values):
    return list(dict.fromkeys(values))


def summary_table(rows, metric, *, digits=3, bold_best=True):
    """A Markdown table of ``mean ± std`` of `metric` over seeds.

    One line per detector, one column per dataset; the best mean of each
    column is set in bold when `bold_best` (the highest, or the lowest for
    seconds).
    """
    datasets = _ordered(row["dataset"] for row in rows)
    detectors = _ordered(row["detector"] for row in rows)
    values = {}
    for row in rows:
        values.setdefault((row["dataset"], row["detector"]), []).append(row[metric])
    means = {key: float(np.mean(v)) for key, v in values.items()}
    lower_is_better = metric.endswith("seconds")
    best = {}
    for dataset in datasets:
        column = [means[(dataset, d)] for d in detectors if (dataset, d) in means]
        best[dataset] = min(column) if lower_is_better else max(column)

    lines = [
        "| detector | " + " | ".join(datasets) + " |",
        "|---|" + "---:|" * len(datasets),
    ]
    for detector in detectors:
        cells = []
        for dataset in datasets:
            if (dataset, detector) not in values:
                cells.append("")
                continue
            v = values[(dataset, detector)]
            cell = f"{np.mean(v):.{digits}f} ± {np.std(v):.{digits}f}"
            if bold_best and round(means[(dataset, detector)], digits) == round(
                best[dataset], digits
            ):
                cell = f"**{cell}**"
            cells.append(cell)
        lines.append(f"| {detector} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def paired_table(rows, reference, metric="auc", *, digits=3):
    """A Markdown table comparing `reference` with every other detector, seed by seed.

    Each cell is the mean over seeds of ``metric(reference) - metric(other)`` on
    the same split, and the number of seeds where the reference scored higher,
    the same and lower, e.g. ``+0.012 (7/1/2)``. Returns an empty string when
    `reference` did not run.
    """
    datasets = _ordered(row["dataset"] for row in rows)
    detectors = [d for d in _ordered(row["detector"] for row in rows) if d != reference]
    value = {(r["dataset"], r["seed"], r["detector"]): r[metric] for r in rows}
    if not any(key[2] == reference for key in value):
        return ""
    lines = [
        f"| {reference} minus | " + " | ".join(datasets) + " |",
        "|---|" + "---:|" * len(datasets),
    ]
    for other in detectors:
        cells = []
        for dataset in datasets:
            pairs = [
                (value[key], value[(dataset, key[1], other)])
                for key in value
                if key[0] == dataset
                and key[2] == reference
                and (dataset, key[1], other) in value
            ]
            if not pairs:
                cells.append("")
                continue
            differences = np.array([a - b for a, b in pairs])
            counts = "/".join(
                str(int(np.sum(test)))
                for test in (differences > 0, differences == 0, differences < 0)
            )
            mean = differences.mean()
            mean = 0.0 if round(mean, digits) == 0 else mean  # no "-0.000"
            cells.append(f"{mean:+.{digits}f} ({counts})")
        lines.append(f"| {other} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary_markdown(rows, *, title, description=()):
    """The whole summary: a title, free lines of description, and four tables."""
    n_seeds = len(_ordered(row["seed"] for row in rows))
    parts = [f"# {title}", ""]
    parts += [*description, ""] if description else []
    sections = (
        ("auc", "ROC AUC", 3, "outliers positive; higher is better"),
        ("f1", "F1 of `predict`", 3, "outliers positive; higher is better"),
        ("fit_seconds", "Fit seconds", 2, "lower is better"),
        ("score_seconds", "Scoring seconds (test part)", 2, "lower is better"),
    )
    for metric, heading, digits, note in sections:
        parts += [
            f"## {heading}",
            "",
            f"Mean ± standard deviation over {n_seeds} seed(s); {note}; "
            "best mean in bold.",
            "",
            summary_table(rows, metric, digits=digits),
            "",
        ]
    reference = "GAN-MIM"
    for metric, heading in (("auc", "ROC AUC"), ("f1", "F1")):
        table = paired_table(rows, reference, metric)
        if table and len(_ordered(row["detector"] for row in rows)) > 1:
            parts += [
                f"## {reference} against each detector, seed by seed: {heading}",
                "",
                f"Mean over seeds of {heading} of {reference} minus that of the "
                "detector on the same split; in brackets the number of seeds "
                f"where {reference} is higher / the same / lower.",
                "",
                table,
                "",
            ]
    return "\n".join(parts)
