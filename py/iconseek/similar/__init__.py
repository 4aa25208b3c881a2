"""Similar icons and cross-library equivalents."""
