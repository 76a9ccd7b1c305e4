"""councils pages."""
