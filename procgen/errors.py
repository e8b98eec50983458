"""The exceptions a user can cause. The CLI turns each into one line and exit status 2."""

from __future__ import annotations


class ProcgenError(Exception):
    """Base of every error caused by input: a bad file, parameter or checkpoint."""


class LevelFormatError(ProcgenError, ValueError):
    """A level file (or level text) is malformed; the message reads ``file: field: what``."""


class ParamError(ProcgenError, ValueError):
    """A generator or command parameter is out of range or inconsistent."""


class InfeasibleError(ParamError):
    """A request is well-formed but cannot be met for the given size (say why and the limit)."""


class CheckpointError(ProcgenError):
    """A model checkpoint is missing, corrupt, or does not match its config."""


class GenerationError(ProcgenError):
    """A generator could not produce verified content within its bounded number of tries."""
