"""Screening: many matters at once, one row each, over the same load -> evaluate -> explain pipeline.

    sources  the facts files named on the command line: files, folders, zips (each read safely)
    rows     one matter -> one row: both readings of each headline, the sums, what is missing, a triage class
    journal  the JSONL file written row by row, so that a rerun skips what is already there
    run      the rows of all sources, in one process, a process pool, or a Dask cluster
    output   the rows as JSONL, CSV, XLSX, a self-contained HTML page, or a table on the terminal
"""
