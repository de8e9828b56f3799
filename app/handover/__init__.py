"""The handover file: a workload that travels to a colleague and back (issue 6)."""
