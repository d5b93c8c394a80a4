"""The statewide benchmark: `make bench` (python -m bench.run). See README, section "Benchmark"."""
