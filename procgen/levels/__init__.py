"""Level layouts: platformer, dungeon and cave vocabularies, classic generators, solvers, metrics."""
