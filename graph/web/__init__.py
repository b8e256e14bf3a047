"""Templates of the pages that ``vbkg serve`` (graph/web/app.py) shows; self-contained."""
