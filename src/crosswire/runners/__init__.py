"""Runners decide where the pipeline's stages execute; local.py runs them in this process."""
