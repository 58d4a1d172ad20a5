"""Turn whatever lies in ``docs/benchmark/`` into reStructuredText for the
benchmark page.

The benchmark writes its results there: Markdown write-ups and tables, CSV
files and PNG figures. The page shows every Markdown file (parsed by MyST;
write-ups first, then ``summary*.md`` tables), every figure that no Markdown
file already shows, and a download link for every CSV file. With no results
yet, the page says so and still builds.
"""

import re
from pathlib import Path

# Relative targets of Markdown links and images, ``](target)``, and of HTML
# ``src=""``/``href=""`` attributes: not absolute, not an anchor, no scheme.
_RELATIVE = r"(?!/|#|[a-zA-Z][a-zA-Z0-9+.-]*:)"
_MD_TARGET = re.compile(r"(\]\()" + _RELATIVE + r"([^)\s]+)")
_HTML_TARGET = re.compile(r"""((?:src|href)=["'])""" + _RELATIVE + r"""([^"']+)""")
# A Markdown link (not an image) to another Markdown file: ``[text](other.md)``.
_MD_LINK_TO_MD = re.compile(r"(?<!!)\[([^\]]*)\]\(" + _RELATIVE + r"[^)\s]+\.md(?:#[^)]*)?\)")

FIGURE_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg")
# Captions for the figures the benchmark command writes, by file-name prefix.
CAPTIONS = {
    "roc_": "ROC curves on {rest} (one seed; outliers positive).",
    "boxplots_": "ROC AUC and F1 of predict on {rest}, one dot per seed.",
    "training_curves": "Training curves on the paper's Gaussian N(4, 1.25).",
}


def _root_relative(text, folder):
    """Make the relative paths of a Markdown file in ``folder`` relative to
    the documentation root, so that they still resolve once the file is
    included in another page. Links to other Markdown files become plain text:
    those files are shown on the same page."""

    def rewrite(match):
        return f"{match.group(1)}/{folder}/{match.group(2)}"

    text = _MD_LINK_TO_MD.sub(lambda match: match.group(1), text)
    return _HTML_TARGET.sub(rewrite, _MD_TARGET.sub(rewrite, text))


def _caption(path):
    for prefix, caption in CAPTIONS.items():
        if path.stem.startswith(prefix):
            return caption.format(rest=path.stem[len(prefix):].replace("_", " "))
    return path.stem.replace("_", " ").replace("-", " ").capitalize() + "."


def _markdown_order(path):
    """Write-ups first, then the summary tables, each group by name."""
    return (path.stem.lower().startswith("summary"), path.name.lower())


def benchmark_rst(source, copies, docs_root):
    """The reStructuredText that shows the files of ``source``.

    Markdown files are copied, with their relative paths rewritten, into
    ``copies`` (which must be excluded from the Sphinx sources) and included
    from there.
    """
    files = sorted(p for p in source.iterdir() if p.is_file()) if source.is_dir() else []
    markdown = sorted((p for p in files if p.suffix.lower() == ".md"), key=_markdown_order)
    figures = [p for p in files if p.suffix.lower() in FIGURE_SUFFIXES]
    tables = [p for p in files if p.suffix.lower() == ".csv"]
    if not (markdown or figures or tables):
        return (
            ".. note::\n\n"
            "   No benchmark results are committed yet. Run the benchmark as "
            "described above with ``--output-dir docs/benchmark``; the files it "
            "writes there appear on this page at the next documentation build.\n"
        )

    folder = source.relative_to(docs_root).as_posix()
    copy_folder = copies.relative_to(docs_root).as_posix()
    copies.mkdir(parents=True, exist_ok=True)
    blocks, shown = [], set()
    for path in markdown:
        text = path.read_text(encoding="utf-8")
        shown.update(f.name for f in figures if f.name in text)
        _write_if_changed(copies / path.name, _root_relative(text, folder))
        blocks.append(
            f".. include:: /{copy_folder}/{path.name}\n"
            "   :parser: myst_parser.sphinx_\n"
        )
    for path in figures:
        if path.name not in shown:
            caption = _caption(path)
            blocks.append(
                f".. figure:: /{folder}/{path.name}\n"
                f"   :alt: {caption}\n\n"
                f"   {caption}\n"
            )
    if tables:
        items = "\n".join(f"- :download:`{p.name} </{folder}/{p.name}>`" for p in tables)
        blocks.append(f"The raw results, as CSV files:\n\n{items}\n")
    return "\n".join(blocks)


def _write_if_changed(path, text):
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_benchmark_include(source, target):
    """Write ``target``, the reStructuredText showing the files of ``source``.

    ``target`` lies one folder below the documentation root (the root holds
    ``source`` too); the Markdown copies go into ``benchmark/`` beside it.
    """
    target = Path(target)
    docs_root = target.parent.parent
    target.parent.mkdir(parents=True, exist_ok=True)
    rst = benchmark_rst(Path(source), target.parent / "benchmark", docs_root)
    _write_if_changed(target, rst)
