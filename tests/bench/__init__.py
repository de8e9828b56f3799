"""Benchmarks (`make bench`): not part of `make test`; figures beside targets and floors."""
