"""Lesson examples: one standalone, runnable script per file, grouped by lesson."""
