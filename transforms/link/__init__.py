"""Stage 6, link: canonical entities and events clustered across documents."""
