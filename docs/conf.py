"""Sphinx configuration of the skmimgan documentation.

Build it from the repository root with::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

import os
import sys
from pathlib import Path

# Torch's default thread pool is many times slower on a small, busy machine;
# the gallery examples are small, one thread is what they need.
os.environ.setdefault("OMP_NUM_THREADS", "1")

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

import skmimgan  # noqa: E402
from benchmark_page import write_benchmark_include  # noqa: E402

project = "skmimgan"
author = "The skmimgan developers"
copyright = "The skmimgan developers"
version = release = skmimgan.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
    "myst_parser",
]

templates_path = ["_templates"]
# docs/benchmark/ holds results that the benchmark page includes; its files are
# not pages of their own.
exclude_patterns = ["_build", "benchmark", "generated/benchmark"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
default_role = "literal"
# The benchmark's Markdown files are included as they are written; a skipped
# heading level in them is a matter of style, not a broken page.
suppress_warnings = ["myst.header"]

# -- API reference -----------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {
    "members": True,
    "inherited-members": True,
    # scikit-learn's metadata-routing plumbing: its docstring links into
    # scikit-learn's own user guide, and the estimator routes no metadata.
    "exclude-members": "get_metadata_routing",
}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

# -- Theory page: figures drawn by ``.. plot::`` -------------------------------
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]
plot_rcparams = {"figure.autolayout": True}

# -- Gallery -----------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    # plot_*.py run during the build; digits_protocol.py (under two minutes) is
    # shown with its code but not run.
    "filename_pattern": r"/plot_",
    "within_subsection_order": "gallery_order.sort_key",
    "backreferences_dir": "gen_modules/backreferences",
    "doc_module": ("skmimgan",),
    "reference_url": {"skmimgan": None},
    "abort_on_example_error": True,
    "remove_config_comments": True,
    "min_reported_time": 1,
    "show_memory": False,
}

# -- Benchmark page ----------------------------------------------------------
write_benchmark_include(DOCS / "benchmark", DOCS / "generated" / "benchmark.inc")

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"skmimgan {version}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
# Pages without sub-pages need no section navigation on the left.
SINGLE_PAGES = ("index", "install", "user_guide", "theory", "benchmark", "performance")
html_sidebars = {page: [] for page in SINGLE_PAGES}
html_show_sourcelink = True
