"""The order of the gallery: from first steps to the inner workings."""

ORDER = [
    "plot_quick_start.py",
    "plot_toy_2d.py",
    "plot_cross_val_score.py",
    "plot_grid_search.py",
    "plot_losses.py",
    "plot_training_history.py",
    "digits_protocol.py",
]


def sort_key(filename):
    """Sort key for sphinx-gallery's ``within_subsection_order``: listed files
    first, in ``ORDER``; any other file after them, by name."""
    try:
        return (ORDER.index(filename), filename)
    except ValueError:
        return (len(ORDER), filename)
