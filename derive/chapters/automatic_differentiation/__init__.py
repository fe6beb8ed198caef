"""Chapter being written."""
