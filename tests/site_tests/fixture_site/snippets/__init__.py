"""The fixture site's examples."""
