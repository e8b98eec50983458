"""The procgen game: play, explore and inspect everything procgen makes (pygame).

Run it with ``procgen play`` or ``python -m procgen_viewer`` (the name it is installed
under; ``python -m game`` in a checkout); ``--help`` lists the options and ``H``
in the game lists every key. Modes: platformer, overworld, dungeon; ``Tab`` opens the
inspector in any of them. ``procgen`` never imports this package: data flows one way, from
the generators into the game.
"""

__all__: list[str] = []
