"""Pages of the collaboration model, one module per job: `overview`, `actors` (and the
maps), `councils`, `initiatives` (and priorities)."""
