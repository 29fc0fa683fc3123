"""The HTTP layer: Litestar controllers, guards, schemas and pages. The only layer that knows HTTP."""
