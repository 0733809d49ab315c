"""Facts: what each article states — quantities, quotes, attributions, times — and their
alignment across the outlets of a story."""
