"""The shipped example rooms (text files read by :func:`procgen.levels.dungeon.corpus.corpus_rooms`).

A package only so that the ``*.txt`` files ship as package data.
"""
