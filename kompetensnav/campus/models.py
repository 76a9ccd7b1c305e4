"""Campus."""
