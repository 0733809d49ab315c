"""Clean stage: Document -> Article (boilerplate removal, metadata)."""
