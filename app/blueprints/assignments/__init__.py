"""Filled by its issue; see the README's roadmap."""
