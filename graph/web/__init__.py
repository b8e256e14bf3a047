"""Templates of the pages that ``vbkg serve`` (graph/serve.py) shows; self-contained."""
