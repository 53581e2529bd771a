"""Tests of the web workspace (socialweb)."""
