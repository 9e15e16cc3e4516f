"""Load and validate: every data file parsed and checked, the cross-file rules, and
`loader.load(data_dir) -> Loaded(portal, problems)`."""
