"""Forms of the collaboration model, one module per job: `actors`, `councils`,
`initiatives`."""
