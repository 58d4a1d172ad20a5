"""The benchmark's figures. matplotlib is imported only here, inside each function."""

from sklearn.metrics import auc, roc_curve

DPI = 100

# One colour and line style per detector, the same in every figure: the GAN
# objectives solid, the scikit-learn baselines dashed.
STYLES = {
    "GAN-MIM": ("tab:red", "-"),
    "GAN-KL": ("tab:blue", "-"),
    "GAN-LS": ("tab:green", "-"),
    "GAN-W": ("tab:purple", "-"),
    "IsolationForest": ("tab:orange", "--"),
    "OneClassSVM": ("tab:brown", "--"),
    "LocalOutlierFactor": ("tab:gray", "--"),
}
LOSS_STYLES = {"mim": "tab:red", "kl": "tab:blue", "ls": "tab:green", "w": "tab:purple"}


def _style(name):
    return STYLES.get(name, ("black", ":"))


def _figure(width, height):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def plot_roc(scores, dataset, path, *, seed=0):
    """ROC curves of every detector on one dataset, one seed.

    `scores` maps detector names to ``(is_outlier, outlier_score)``.
    """
    fig = _figure(5.6, 4.8)
    ax = fig.add_subplot()
    for name, (is_outlier, outlier_score) in scores.items():
        fpr, tpr, _ = roc_curve(is_outlier, outlier_score)
        colour, line = _style(name)
        area = auc(fpr, tpr)  # the ROC AUC, from the curve already computed
        ax.plot(fpr, tpr, line, color=colour, lw=1.5, label=f"{name} ({area:.3f})")
    ax.plot([0, 1], [0, 1], ":", color="black", lw=0.8)
    ax.set(
        xlim=(0, 1),
        ylim=(0, 1.01),
        xlabel="false positive rate",
        ylabel="true positive rate (outliers found)",
        title=f"ROC curves, {dataset}, seed {seed}",
    )
    ax.legend(loc="lower right", fontsize=8, title="detector (AUC)", title_fontsize=8)
    ax.grid(alpha=0.3)
    fig.savefig(path)


def plot_boxplots(rows, dataset, path):
    """AUC and F1 over seeds as box plots, one box per detector."""
    rows = [row for row in rows if row["dataset"] == dataset]
    detectors = list(dict.fromkeys(row["detector"] for row in rows))
    n_seeds = len({row["seed"] for row in rows})
    fig = _figure(9.0, 4.0)
    axes = fig.subplots(1, 2)
    for ax, metric, label in zip(axes, ("auc", "f1"), ("ROC AUC", "F1 of predict")):
        data = [[r[metric] for r in rows if r["detector"] == d] for d in detectors]
        parts = ax.boxplot(
            data,
            patch_artist=True,
            widths=0.6,
            showfliers=False,
            medianprops={"color": "black"},
        )
        for position, (patch, name, values) in enumerate(
            zip(parts["boxes"], detectors, data), start=1
        ):
            patch.set_facecolor(_style(name)[0])
            patch.set_alpha(0.5)
            ax.plot(
                [position] * len(values), values, ".", color="black", ms=4, zorder=3
            )
        ax.set_xticks(range(1, len(detectors) + 1))
        ax.set_xticklabels(detectors, rotation=35, ha="right", fontsize=8)
        ax.set_ylabel(label)
        seeds = f"{n_seeds} seed" + ("s" if n_seeds != 1 else "")
        ax.set_title(f"{label}, {dataset}, {seeds} (dots: seeds)", fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    fig.savefig(path)


def plot_training_curves(curves, path, *, data_mean=None):
    """The training-curve experiment: one column of panels per pre-training length N.

    Top row: the generator's objective at every iteration, one curve per
    objective. Bottom row: the mean of the generated samples, with the data's
    mean `data_mean` as a dotted line. `curves` maps ``(N, loss)`` to a dict of
    per-iteration arrays (see ``training_curves``).
    """
    pretrain = sorted({n for n, _ in curves})
    losses = list(dict.fromkeys(loss for _, loss in curves))
    fig = _figure(3.6 * len(pretrain) + 1.4, 6.0)
    axes = fig.subplots(2, len(pretrain), sharex=True, sharey="row", squeeze=False)
    quantities = (
        ("generator_objective", "generator objective\n(what G minimises)"),
        ("generated_mean", "mean of generated samples"),
    )
    for column, n in enumerate(pretrain):
        for row, (quantity, label) in enumerate(quantities):
            ax = axes[row, column]
            for loss in losses:
                ax.plot(
                    curves[(n, loss)][quantity],
                    color=LOSS_STYLES.get(loss, "black"),
                    lw=1.4,
                    label=loss.upper(),
                )
            if quantity == "generated_mean" and data_mean is not None:
                ax.axhline(data_mean, color="black", ls=":", lw=1, label="data mean")
            ax.grid(alpha=0.3)
            if column == 0:
                ax.set_ylabel(label)
        axes[0, column].set_title(f"D pre-trained N = {n} iterations", fontsize=10)
        axes[1, column].set_xlabel("generator iteration (D frozen)")
    handles, labels = axes[1, -1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside right center", fontsize=9)
    fig.savefig(path)
