"""Platformer levels: tile set, shared physics, solver, corpus, classic generator, repair, metrics.

The modules import each other only in one direction (tiles → physics → solver → repair →
generate → metrics), and none of them imports torch or pygame.
"""
