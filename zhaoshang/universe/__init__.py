"""The enterprise universe: millions of registered firms from registry exports, kept as hive-partitioned
Parquet in the data folder and queried with DuckDB; never copied into the Django database.

Plain Python (no Django import at module level) so an import of a million rows, the generator and the
benchmarks run without a database; `services.py` is the one Django-facing entry (chain keywords, rates).
"""
