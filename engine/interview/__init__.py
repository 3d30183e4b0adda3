"""The guided interview: facts entered by answering questions instead of writing YAML.

- `questions`: the next-question engine (pure, no I/O): which facts can still change a headline
  conclusion, asked in order, each with its question, help, burden, element and why it is asked now.
- `answers`: a typed answer from what a person typed, or the reason it is refused.
- `record`: the facts file the interview writes after every answer (ordinary, commented YAML),
  written atomically, and read back to resume.
- `terminal`: `secretlaw interview` in a terminal, or with answers piped one per line.
"""
