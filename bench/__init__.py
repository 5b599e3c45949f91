"""`make bench`: figures, not tests. Each module measures one part and prints a table."""
