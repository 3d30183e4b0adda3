"""Stage 2, reason: derive facts, run the rule sets on durable-rules, compute, compare with decided cases."""
