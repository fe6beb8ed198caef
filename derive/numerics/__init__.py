"""The NumPy code the pages teach, one idea a file. The package top level (`derive`) re-exports it."""
