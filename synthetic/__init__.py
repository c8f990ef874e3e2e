"""Seeded synthetic scenes for tests, benchmarks and the demo (never shipped in the plugin zip)."""
