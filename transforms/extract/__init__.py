"""Stage 5, extract: per-document entity mentions, quotes and event mentions from the parse."""
