"""Turn whatever lies in ``docs/benchmark/`` into reStructuredText for the
benchmark page.

The benchmark writes its results there: Markdown write-ups and tables, CSV
files and PNG figures, possibly in sub-folders. The page shows every Markdown
file (parsed by MyST; write-ups first, then ``summary*.md`` tables), every
figure that no Markdown file already shows, and a download link for every other
file; each sub-folder gets a heading of its own. With no results yet, the page
says so and still builds.
"""

import re
from pathlib import Path

# Relative targets of Markdown links and images, ``](target)``, and of HTML
# ``src=""``/``href=""`` attributes: not absolute, not an anchor, no scheme.
_RELATIVE = r"(?!/|#|[a-zA-Z][a-zA-Z0-9+.-]*:)"
_MD_TARGET = re.compile(r"(\]\()" + _RELATIVE + r"([^)\s]+)")
_HTML_TARGET = re.compile(
    r"""((?:src|href)=["'])""" + _RELATIVE + r"""([^"']+)"""
)
# A Markdown link (not an image) to another Markdown file: ``[text](other.md)``.
_MD_LINK_TO_MD = re.compile(
    r"(?<!!)\[([^\]]*)\]\(" + _RELATIVE + r"[^)\s]+\.md(?:#[^)]*)?\)"
)

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


HEADING_LINES = "-~^"


def _folder_rst(source, docs_root, copies, depth, outer_markdown=""):
    """Blocks of reStructuredText for the files of ``source`` and, each under
    a heading of its own, for its sub-folders. ``outer_markdown`` is the text
    of the Markdown files of the enclosing folders: a figure they show is not
    shown again."""
    entries = sorted(p for p in source.iterdir() if not p.name.startswith("."))
    files = [p for p in entries if p.is_file()]
    markdown = sorted(
        (p for p in files if p.suffix.lower() == ".md"), key=_markdown_order
    )
    figures = [p for p in files if p.suffix.lower() in FIGURE_SUFFIXES]
    others = [p for p in files if p not in markdown and p not in figures]

    folder = source.relative_to(docs_root).as_posix()
    blocks, texts = [], [outer_markdown]
    for path in markdown:
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        copy = copies / path.relative_to(docs_root / "benchmark")
        copy.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(copy, _root_relative(text, folder))
        blocks.append(
            f".. include:: /{copy.relative_to(docs_root).as_posix()}\n"
            "   :parser: myst_parser.sphinx_\n"
        )
    all_markdown = "\n".join(texts)
    for path in figures:
        if path.name not in all_markdown:
            caption = _caption(path)
            blocks.append(
                f".. figure:: /{folder}/{path.name}\n"
                f"   :alt: {caption}\n\n"
                f"   {caption}\n"
            )
    if others:
        items = "\n".join(
            f"- :download:`{p.name} </{folder}/{p.name}>`" for p in others
        )
        blocks.append(f"The raw results:\n\n{items}\n")
    for sub in (p for p in entries if p.is_dir()):
        inner = _folder_rst(sub, docs_root, copies, depth + 1, all_markdown)
        if inner:
            title = sub.relative_to(docs_root / "benchmark").as_posix()
            line = HEADING_LINES[min(depth, len(HEADING_LINES) - 1)]
            blocks.append(f"{title}\n{line * len(title)}\n")
            blocks.extend(inner)
    return blocks


def benchmark_rst(source, copies, docs_root):
    """The reStructuredText that shows the files of ``source`` (which must be
    ``docs_root / "benchmark"``) and of its sub-folders.

    Markdown files are copied, with their relative paths rewritten, into
    ``copies`` (which must be excluded from the Sphinx sources) and included
    from there.
    """
    blocks = _folder_rst(source, docs_root, copies, 0) if source.is_dir() else []
    if not blocks:
        return (
            ".. note::\n\n"
            "   No benchmark results are committed yet. Run the benchmark as "
            "described above with ``--output-dir docs/benchmark``; the files it "
            "writes there appear on this page at the next documentation build.\n"
        )
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
