"""Benchmarks: ingest throughput, query latency, approximate recall, memory. Run `python -m bench.run --size 10k`.

Generated data and caches live under $DIRECTIVES_BENCH_DIR (default /tmp/directives-bench), never in the repo.
"""
