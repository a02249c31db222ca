"""Participation pages: public directories, the feed, the organisations' sign-in and workspace."""
