"""Systems under test. Each runner turns a query list into ranked icon ids plus
per-query latency, so every system is measured through the same interface."""
