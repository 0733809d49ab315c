"""Stories: articles -> features (represent, embed) -> online story clustering (cluster)."""
