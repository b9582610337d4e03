"""`make bench`: Samskap measured against floors taken on the same machine in the same run.

See benchmarks/README.md for the convention every `bench_<topic>.py` module follows.
"""
