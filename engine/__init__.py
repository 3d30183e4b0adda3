"""secretlaw: a rule-based expert system for Chinese trade-secret disputes.

The pipeline flows one way: facts (load and validate) -> evaluate (run the rule
sets on durable-rules) -> explain (build the reasoned opinion) -> render.
"""

__version__ = "0.1.0"
