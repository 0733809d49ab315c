"""Narrate: what a story adds up to — timeline, summary and framing, each citing its sources."""
