"""Stage 1, load: the law (vocabulary, sources, parameters, rule sets) and a matter's facts, validated."""
