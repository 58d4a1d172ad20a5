"""Command line: ``python -m skmimgan.benchmark`` (or ``skmimgan-benchmark``).

Two sub-commands:

``run`` (the default)
    The detectors of this package and scikit-learn's on datasets and seeds,
    following one protocol; writes ``results.csv``, ``summary.md`` and figures.
``curves``
    The training-curve experiment on the paper's Gaussian (its Figure 1);
    writes ``training_curves.csv`` and ``training_curves.png``.
"""

import argparse
import ast
import os
import shlex
import sys
import time
from pathlib import Path

from ._protocol import (
    ALIASES,
    DETECTORS,
    DIGITS,
    GAN_DETECTORS,
    Dataset,
    make_detector,
    paper_gan_params,
    run_benchmark,
)

COMMANDS = ("run", "curves")
PROG = "python -m skmimgan.benchmark"


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {value}")
    return value


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {value}")
    return value


def _parameter(text):
    """``TARGET.NAME=VALUE`` -> (detector names, name, value)."""
    key, sep, raw = text.partition("=")
    target, dot, name = key.partition(".")
    if not sep or not dot or not name:
        raise argparse.ArgumentTypeError(
            f"expected TARGET.NAME=VALUE (for example gan.epochs=20), got {text!r}"
        )
    if target.lower() not in ALIASES:
        raise argparse.ArgumentTypeError(
            f"unknown target {target!r} in {text!r}; use one of "
            f"{', '.join(sorted(ALIASES))}"
        )
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw  # a plain word, such as auto or scale
    return ALIASES[target.lower()], name, value


def build_parser():
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Benchmark the GAN outlier detectors of skmimgan against scikit-learn's, "
            "and reproduce the experiments of the MIM-based GAN paper "
            "(She & Fan, arXiv:2003.11285). Without a sub-command, 'run' is meant."
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="{run,curves}")

    run = commands.add_parser(
        "run",
        help="every detector on datasets and seeds (the default)",
        description=(
            "Fit every detector inside Pipeline([StandardScaler(), detector]) for "
            "seeds 0..S-1. ODDS datasets: stratified 60/40 split, unsupervised fit "
            "on the contaminated train part. digits: the rare digit is left out of "
            "training and makes up 10%% of the test part. Reports ROC AUC (outliers "
            "positive), F1 of predict with contamination = the train part's outlier "
            "fraction (digits: the test part's), fit and scoring seconds."
        ),
    )
    run.add_argument(
        "--datasets",
        nargs="+",
        default=[DIGITS],
        metavar="NAME",
        help="ODDS dataset names (files NAME.mat in --data-dir), paths of .mat "
        f"files, or '{DIGITS}' (default: %(default)s)",
    )
    run.add_argument(
        "--data-dir",
        default=None,
        metavar="DIR",
        help="directory of the ODDS .mat files (default: $SKMIMGAN_DATA)",
    )
    run.add_argument(
        "--seeds",
        type=_positive_int,
        default=5,
        metavar="S",
        help="number of seeds, 0..S-1 (default: %(default)s)",
    )
    run.add_argument(
        "--output-dir",
        type=Path,
        default=Path("benchmark-results"),
        metavar="DIR",
        help="where results go; created if needed (default: %(default)s)",
    )
    run.add_argument(
        "--detectors",
        nargs="+",
        choices=DETECTORS,
        default=list(DETECTORS),
        metavar="NAME",
        help=f"detectors to run (default: all of {', '.join(DETECTORS)})",
    )
    run.add_argument(
        "-p",
        "--param",
        dest="params",
        type=_parameter,
        action="append",
        default=[],
        metavar="TARGET.NAME=VALUE",
        help="set a detector parameter; TARGET is gan (all four GAN detectors), "
        "mim, kl, ls, w, iforest, ocsvm or lof; VALUE is a Python literal or a "
        "word, e.g. -p gan.epochs=20 -p gan.hidden_layer_sizes=64,64 "
        "-p lof.n_neighbors=35; repeatable, applied last",
    )
    run.add_argument(
        "--paper-settings",
        action="store_true",
        help="give the GAN detectors the paper's settings: lam 0.1, eta 0.05, "
        "Adam step 0.001, hidden layers (as many as by default) of width 64 "
        "(cardio, thyroid) or 256 (musk, mnist, digits)",
    )
    run.add_argument(
        "--rare-digit",
        type=int,
        default=0,
        choices=range(10),
        metavar="D",
        help="the rare digit of the digits dataset (default: %(default)s)",
    )
    run.add_argument("--no-figures", action="store_true", help="write no PNG files")
    run.add_argument("--quiet", action="store_true", help="no progress lines")
    run.set_defaults(subparser=run)

    curves = commands.add_parser(
        "curves",
        help="the training-curve experiment on the paper's Gaussian (Figure 1)",
        description=(
            "On N(4, 1.25), 16000 samples per iteration, plain SGD: train the "
            "discriminator N iterations against the untrained generator, freeze it, "
            "then train the generator against it; record the generator's objective "
            "per iteration for every loss. The data are divided by 10 so that they "
            "lie in the range of the generator's tanh output."
        ),
    )
    curves.add_argument(
        "--output-dir", type=Path, default=Path("benchmark-results"), metavar="DIR"
    )
    curves.add_argument(
        "--pretrain",
        nargs="+",
        type=_positive_int,
        default=[500, 1000, 1500],
        metavar="N",
        help="discriminator pre-training lengths (default: %(default)s)",
    )
    curves.add_argument(
        "--generator-iterations", type=_positive_int, default=2000, metavar="T"
    )
    curves.add_argument("--n-samples", type=_positive_int, default=16000, metavar="M")
    curves.add_argument(
        "--learning-rate", type=_positive_float, default=1e-3, metavar="LR"
    )
    curves.add_argument(
        "--hidden",
        nargs="+",
        type=_positive_int,
        default=[32, 32],
        metavar="WIDTH",
        help="hidden widths of both networks (default: %(default)s)",
    )
    curves.add_argument(
        "--losses",
        nargs="+",
        choices=sorted(GAN_DETECTORS.values()),
        default=list(GAN_DETECTORS.values()),
        metavar="LOSS",
    )
    curves.add_argument("--seed", type=int, default=0)
    curves.add_argument("--no-figures", action="store_true", help="write no PNG file")
    curves.add_argument("--quiet", action="store_true", help="no progress lines")
    curves.set_defaults(subparser=curves)
    return parser


def _detector_params(parsed):
    params = {}
    for names, name, value in parsed:
        for detector in names:
            params.setdefault(detector, {})[name] = value
    return params


# The estimator's parameters that the summary records.
_RECORDED = (
    "hidden_layer_sizes",
    "latent_dim",
    "epochs",
    "batch_size",
    "learning_rate",
    "latent_steps",
    "lam",
    "eta",
)


def _gan_settings(datasets, params, paper_settings):
    """One line naming the GAN detectors' settings, per dataset where they differ."""
    from .._detector import GANAnomalyDetector

    defaults = GANAnomalyDetector().get_params()
    per_dataset = {}
    for dataset in datasets:
        values = dict(defaults)
        if paper_settings:
            values.update(paper_gan_params(dataset.short_name))
        values.update(params.get("GAN-MIM", {}))
        text = ", ".join(f"{key}={values[key]!r}" for key in _RECORDED)
        per_dataset.setdefault(text, []).append(dataset.short_name)
    if len(per_dataset) == 1:
        return f"- GAN detectors: {next(iter(per_dataset))}."
    return "- GAN detectors: " + "; ".join(
        f"{', '.join(names)}: {text}" for text, names in per_dataset.items()
    ) + "."


def _run(args, parser, argv):
    try:
        datasets = [
            Dataset(name, data_dir=args.data_dir, rare_digit=args.rare_digit)
            for name in args.datasets
        ]
        params = _detector_params(args.params)
        for dataset in datasets:
            base = paper_gan_params(dataset.short_name) if args.paper_settings else {}
            for name in args.detectors:
                merged = dict(base) if name in GAN_DETECTORS else {}
                merged.update(params.get(name, {}))
                make_detector(name, contamination=0.1, seed=0, params=merged)
    except FileNotFoundError as exc:
        parser.error(f"{exc} On this command line, --data-dir DIR names the directory.")
    except ValueError as exc:
        parser.error(str(exc))
    names = [d.short_name for d in datasets]
    if len(set(names)) != len(names):
        parser.error(f"datasets must have distinct names, got {names}")

    from ._report import summary_markdown, write_csv

    out = args.output_dir
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    rows, scores = run_benchmark(
        datasets,
        n_seeds=args.seeds,
        detectors=args.detectors,
        params=params,
        paper_settings=args.paper_settings,
        progress=None if args.quiet else sys.stderr,
    )
    wall = time.perf_counter() - start
    write_csv(rows, out / "results.csv")
    settings = "the paper's GAN settings" if args.paper_settings else "default settings"
    description = [
        f"Command: `{PROG} {shlex.join(argv)}`",
        "",
        f"- Datasets: {', '.join(names)}; seeds 0..{args.seeds - 1}; detectors with "
        f"{settings}" + (" and the -p parameters of the command." if params else "."),
        f"- Wall time: {wall:.0f} s ({os.cpu_count()} CPU cores visible, "
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}).",
    ]
    if any(name in GAN_DETECTORS for name in args.detectors):
        description.append(_gan_settings(datasets, params, args.paper_settings))
    if DIGITS in names:
        description.append(
            f"- digits: rare digit {args.rare_digit}, left out of training, 10 % of "
            "each test part."
        )
    (out / "summary.md").write_text(
        summary_markdown(rows, title="Benchmark results", description=description)
    )
    written = ["results.csv", "summary.md"]
    if not args.no_figures:
        from ._figures import plot_boxplots, plot_roc

        for name in names:
            plot_roc(scores[name], name, out / f"roc_{name}.png", seed=0)
            plot_boxplots(rows, name, out / f"boxplots_{name}.png")
            written += [f"roc_{name}.png", f"boxplots_{name}.png"]
    print(
        f"{len(rows)} results in {wall:.0f} s; wrote {', '.join(written)} to {out}",
        file=sys.stderr,
    )
    return 0


def _curves(args):
    from ._curves import MEAN, training_curves

    out = args.output_dir
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    curves = training_curves(
        losses=args.losses,
        pretrain_iterations=args.pretrain,
        generator_iterations=args.generator_iterations,
        n_samples=args.n_samples,
        learning_rate=args.learning_rate,
        hidden_layer_sizes=tuple(args.hidden),
        random_state=args.seed,
        progress=None if args.quiet else sys.stderr,
    )
    wall = time.perf_counter() - start
    with open(out / "training_curves.csv", "w") as handle:
        handle.write(
            "pretrain_iterations,loss,iteration,generator_objective,"
            "gradient_norm,generated_mean\n"
        )
        for (n, loss), curve in sorted(curves.items()):
            columns = zip(
                curve["generator_objective"],
                curve["gradient_norm"],
                curve["generated_mean"],
            )
            for i, (objective, norm, mean) in enumerate(columns):
                handle.write(f"{n},{loss},{i},{objective:.6g},{norm:.6g},{mean:.6g}\n")
    written = ["training_curves.csv"]
    if not args.no_figures:
        from ._figures import plot_training_curves

        plot_training_curves(curves, out / "training_curves.png", data_mean=MEAN)
        written.append("training_curves.png")
    print(f"done in {wall:.0f} s; wrote {', '.join(written)} to {out}", file=sys.stderr)
    return 0


def main(argv=None):
    """Entry point of ``python -m skmimgan.benchmark``; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv = ["run", *argv]
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "curves":
        return _curves(args)
    return _run(args, args.subparser, argv)


if __name__ == "__main__":
    sys.exit(main())
