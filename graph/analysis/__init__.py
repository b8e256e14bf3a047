"""What users ask of the graph: trace a mandate down the levels, coverage, graph analytics."""
