"""Training: exercises, graded answers, graded written analyses, argument with factors, why-not.

One Python API for every face of it (the terminal's `secretlaw train`, later the web page):

- `exercises`  the exercises as data (rules/training/), each a matter with its narrative and questions;
- `session`    the question / answer / grading state machine of one exercise, with no I/O;
- `grade`      a student's written analysis compared with the rules' evaluation;
- `argument`   the factors favouring each side, the decided cases sharing them, the counter-examples;
- `whynot`     the smallest sets of facts whose change would flip a conclusion, found by re-evaluating;
- `terminal`   the thin terminal front of a session.
"""
