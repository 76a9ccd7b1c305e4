"""actors pages."""
