"""Contest pages: entries, the gallery and vote, judging, and the secretariat's page."""
