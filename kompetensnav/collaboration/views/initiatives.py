"""initiatives pages."""
