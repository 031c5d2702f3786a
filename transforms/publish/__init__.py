"""Stage 8, publish: text policy, dataset card, data package and changelog (pure; files are written in flows/)."""
