"""Stage 3, report: the reasoned opinion built from an evaluation, and its rendering (Markdown, HTML, JSON, Word, PDF)."""
