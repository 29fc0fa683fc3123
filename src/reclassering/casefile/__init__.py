"""The domain core: tables and the operations on them. Knows nothing of HTTP."""
