"""The browser face: `secretlaw serve`, a local FastAPI application over the same Python API as the CLI
(load, evaluate, explain, render). Pages are Jinja2 templates in reports/web/; evaluation runs in a pool
of worker processes, each with its own engine, so one request never waits for another's evaluation."""
