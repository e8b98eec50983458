"""The hand-drawn segments the shipped example levels are assembled from.

Run ``python -m procgen.levels.platformer.corpus_source`` to rewrite ``examples/*.txt``.

Every segment below was drawn by hand; each level is a hand-picked sequence of them, so the
corpus is our own design, not generated. Segments are bottom-aligned (missing top rows are sky,
or the cave ceiling in underground levels). The script checks the result with the solver and
the structural checks before writing, and never runs on import.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

H = 14

SEGMENTS: dict[str, str] = {
    # ---- overground ------------------------------------------------------------------------
    "start": """
        ----------
        ----------
        XXXXXXXXXX
        XXXXXXXXXX
    """,
    "qblocks": """
        ------?-------------
        --------------------
        --------------------
        --------------------
        ----?-S?S?S---------
        --------------------
        --------------------
        ------------E-------
        XXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXX
    """,
    "pipes_low": """
        ------------------------
        ----------------<>------
        -------<>-------[]------
        -------[]-------[]---E--
        XXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXX
    """,
    "gap2": """
        --------------
        --------------
        --------------
        XXXXX--XXXXXXX
        XXXXX--XXXXXXX
    """,
    "gap3_coins": """
        ----------------
        ------ooo-------
        ----------------
        ----------------
        ----------------
        XXXXXX---XXXXXXX
        XXXXXX---XXXXXXX
    """,
    "stairs_up_down": """
        ------------------------
        ---------X--X-----------
        --------XX--XX----------
        -------XXX--XXX---------
        ------XXXX--XXXX--------
        XXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXX
    """,
    "stairs_gap": """
        ---------------------------
        --------XXXX---XXXX--------
        -------XXXXX---XXXXX-------
        ------XXXXXX---XXXXXX------
        -----XXXXXXX---XXXXXXX-----
        XXXXXXXXXXXX---XXXXXXXXXXXX
        XXXXXXXXXXXX---XXXXXXXXXXXX
    """,
    "goombas": """
        ------------------------
        ---------SSSS-----------
        ------------------------
        ------------------------
        ------------------------
        -----E---------E-E------
        XXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXX
    """,
    "hill_bricks": """
        ----------------------
        -------SSSS?SSS-------
        ----------------------
        ----------------------
        ---------ooo----------
        ---S?S---------S?S----
        ----------------------
        ----------------------
        ----------------E-----
        XXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXX
    """,
    "gap4_bridge": """
        ------------------
        -------oooo-------
        ------------------
        ------------------
        ------SSSSSS------
        ------------------
        ------------------
        ------------------
        XXXXX----XXXXXXXXX
        XXXXX----XXXXXXXXX
    """,
    "raised": """
        --------------------
        --------------------
        ------XXXXXXX-------
        ----XXXXXXXXXXX-----
        XXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXX
    """,
    "finish": """
        ------------------
        -------XXXXXXX----
        ------XXXXXXXX----
        -----XXXXXXXXX----
        ----XXXXXXXXXX----
        ---XXXXXXXXXXX----
        XXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXX
    """,
    # ---- underground (a brick ceiling is added on top) ---------------------------------------
    "ug_start": """
        ------------
        ------------
        ------------
        ------------
        XXXXXXXXXXXX
        XXXXXXXXXXXX
    """,
    "ug_low_ceiling": """
        ---------------------
        ---------------------
        ---------------------
        ---------------------
        ---------------------
        ----SSSSSSSSSSSS-----
        ---------------------
        ---------------------
        --------E------------
        XXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXX
    """,
    "ug_columns": """
        -------------------------
        -------------------------
        -------------------------
        -------------------------
        -------SS-------SS-------
        -------SS-------SS-------
        -------SS--o----SS-------
        -------SS--o----SS----E--
        XXXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXXX
    """,
    "ug_pits": """
        ----------------------
        ----------------------
        ----------------------
        -----SSS------SSS-----
        ----------------------
        ----------------------
        ----------------------
        XXXX---XXXX--XXX---XXX
        XXXX---XXXX--XXX---XXX
    """,
    "ug_coin_room": """
        ------------------------
        ------SSSSSSSSSSSS------
        ------S----------S------
        ------S-oooooooo-S------
        ------S-oooooooo-S------
        ------SSSSS--SSSSS------
        ------------------------
        ------------------------
        ---E----------------E---
        XXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXX
    """,
    "ug_steps": """
        ---------------------
        ---------------------
        ------------SSS------
        ---------------------
        --------SSS----------
        ---------------------
        ----SSS---------E----
        XXXXXXX---XXXXXXXXXXX
        XXXXXXX---XXXXXXXXXXX
    """,
    "ug_pipe_exit": """
        ------------------
        ------------------
        ----------<>------
        ------<>--[]------
        ------[]--[]------
        XXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXX
    """,
    # ---- sky / athletic ----------------------------------------------------------------------
    "sky_start": """
        ----------
        ----------
        ----------
        XXXXXXXXXX
        XXXXXXXXXX
    """,
    "sky_hops": """
        ----------------------------
        ----------------------------
        -------------------ooo------
        ----------------------------
        ----------------------------
        -----------SSSS---SSSS------
        ----------------------------
        -----SSSS-------------------
        ----------------------------
        XXX---------------------XXXX
        XXX---------------------XXXX
    """,
    "sky_ladder": """
        -------------------------------
        -------------------------------
        -------------------------------
        --------------ooo--------------
        -------------SSS---------------
        -------------------------------
        --------SSS--------SSS---------
        -------------------------------
        ---SSS-------------------SSS---
        -------------------------------
        -------------------------------
        -------------------------------
    """,
    "sky_islands": """
        ---------------------------
        ---------------------------
        ---------------------------
        ----ooo-----------ooo------
        ---------------------------
        ---------------------------
        ---------------------------
        ---XXXX----XXXX----XXXX----
        ---XXXX----XXXX----XXXX----
        ---XXXX----XXXX----XXXX----
        XXXXXXX----XXXX----XXXXXXXX
        XXXXXXX----XXXX----XXXXXXXX
    """,
    "sky_enemies": """
        --------------------------
        --------------------------
        --------------------------
        --------------------------
        --------------------------
        --------E-------E---------
        ------SSSSS---SSSSS-------
        --------------------------
        --------------------------
        XXXX------------------XXXX
        XXXX------------------XXXX
    """,
    "sky_qrow": """
        ------------------------
        ------------------------
        ------------------------
        ------------------------
        ---------ooooo----------
        ------------------------
        -----?????????????------
        ------------------------
        ------------------------
        XXXX----------------XXXX
        XXXX----------------XXXX
    """,
    # ---- pipe mazes --------------------------------------------------------------------------
    "pipe_stairs": """
        ---------------------------
        ---------------------------
        -------------------<>------
        -------------<>----[]------
        -------<>----[]----[]------
        -------[]----[]----[]--E---
        XXXXXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXXXXX
    """,
    "pipe_pit": """
        ----------------------
        ----------------------
        -----<>--------<>-----
        -----[]--------[]-----
        -----[]---E----[]-----
        XXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXX
    """,
    "pipe_gaps": """
        -------------------------
        -------------------------
        -------------------------
        ----<>-------<>----------
        ----[]-------[]----<>----
        ----[]-------[]----[]----
        XXXXXXX---XXXXXX--XXXXXXX
        XXXXXXX---XXXXXX--XXXXXXX
    """,
    "pipe_tall": """
        ------------------
        ------------------
        ---------<>-------
        -----<>--[]-------
        -----[]--[]-------
        -----[]--[]-------
        -----[]--[]---E---
        XXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXX
    """,
    "pipe_bricks": """
        --------------------------
        --------------------------
        --------S?S?S-------------
        --------------------------
        --------------------------
        --------------------<>----
        ----<>--------------[]----
        ----[]-----E-E------[]----
        XXXXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXXXX
    """,
    # ---- cannon fortress ---------------------------------------------------------------------
    "cannon_row": """
        ------------------------
        ------------------------
        ------------------------
        ------B-------B---------
        ------b-------b-----B---
        XXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXX
    """,
    "cannon_towers": """
        --------------------------
        --------------------------
        -------B-----------B------
        -------b-----B-----b------
        -------b-----b-----b------
        -------b-----b-----b------
        XXXXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXXXX
    """,
    "fort_wall": """
        ------------------------
        ------------------------
        --------B---------------
        ------SSSSSS------------
        ------S----S------------
        ------S----S---B--------
        ------S--E-S---b---E----
        XXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXX
    """,
    "cannon_gaps": """
        -------------------------
        -------------------------
        -------------------------
        -------B--------B--------
        -------b--------b--------
        -------X--------X--------
        XXXXXXXX---XXXXXX---XXXXX
        XXXXXXXX---XXXXXX---XXXXX
    """,
    "fort_bricks": """
        ---------------------------
        ---------------------------
        ----------SSSSSSS----------
        ---------------------------
        ---------------------------
        ----B----------------B-----
        ----b------E--E------b-----
        XXXXXXXXXXXXXXXXXXXXXXXXXXX
        XXXXXXXXXXXXXXXXXXXXXXXXXXX
    """,
}

#: level name → (style, segment sequence). Underground levels get a brick ceiling.
LEVELS: dict[str, tuple[str, list[str]]] = {
    "01-overground-hills": ("overground", ["start", "qblocks", "gap2", "pipes_low", "hill_bricks", "gap3_coins", "stairs_up_down", "goombas", "raised", "finish"]),
    "02-overground-gaps": ("overground", ["start", "gap2", "gap3_coins", "hill_bricks", "gap4_bridge", "goombas", "stairs_gap", "qblocks", "gap3_coins", "finish"]),
    "03-overground-stairs": ("overground", ["start", "stairs_up_down", "qblocks", "stairs_gap", "raised", "pipes_low", "goombas", "stairs_gap", "gap2", "finish"]),
    "04-underground-halls": ("underground", ["ug_start", "ug_low_ceiling", "ug_columns", "ug_pits", "ug_coin_room", "ug_steps", "ug_columns", "ug_pipe_exit", "ug_start"]),
    "05-underground-pits": ("underground", ["ug_start", "ug_pits", "ug_steps", "ug_low_ceiling", "ug_pits", "ug_coin_room", "ug_steps", "ug_pits", "ug_pipe_exit"]),
    "06-underground-maze": ("underground", ["ug_start", "ug_columns", "ug_coin_room", "ug_low_ceiling", "ug_columns", "ug_steps", "ug_coin_room", "ug_pits", "ug_start"]),
    "07-sky-athletic": ("sky", ["sky_start", "sky_hops", "sky_islands", "sky_qrow", "sky_enemies", "sky_ladder", "sky_hops", "sky_islands"]),
    "08-sky-ladders": ("sky", ["sky_start", "sky_ladder", "sky_enemies", "sky_islands", "sky_qrow", "sky_ladder", "sky_hops", "sky_start"]),
    "09-pipe-maze": ("pipes", ["start", "pipe_stairs", "pipe_pit", "pipe_gaps", "pipe_tall", "pipe_bricks", "pipe_gaps", "pipe_stairs", "start"]),
    "10-pipe-gardens": ("pipes", ["start", "pipe_bricks", "pipe_tall", "gap3_coins", "pipe_pit", "pipes_low", "pipe_gaps", "pipe_tall", "finish"]),
    "11-cannon-fortress": ("fortress", ["start", "cannon_row", "fort_wall", "cannon_gaps", "cannon_towers", "fort_bricks", "cannon_gaps", "cannon_row", "start"]),
    "12-cannon-keep": ("fortress", ["start", "fort_bricks", "cannon_towers", "gap2", "fort_wall", "cannon_gaps", "cannon_towers", "stairs_gap", "finish"]),
    "13-mixed-journey": ("overground", ["start", "qblocks", "pipe_stairs", "cannon_row", "gap4_bridge", "sky_islands", "goombas", "pipe_gaps", "stairs_up_down", "finish"]),
}


def segment(name: str) -> list[str]:
    rows = textwrap.dedent(SEGMENTS[name]).strip("\n").splitlines()
    rows = [r.strip() for r in rows]
    width = len(rows[0])
    bad = [i for i, r in enumerate(rows) if len(r) != width]
    if bad:
        raise ValueError(f"segment {name}: ragged row {bad[0]}")
    return ["-" * width] * (H - len(rows)) + rows


def assemble(style: str, names: list[str]) -> list[str]:
    parts = [segment(n) for n in names]
    rows = ["".join(p[r] for p in parts) for r in range(H)]
    if style == "underground":
        # A brick ceiling with a sky-light gap at the start, as the underground stages have.
        rows[0] = "X" * len(rows[0])
        rows[1] = "-" * 6 + "S" * (len(rows[1]) - 6)
    return rows


def main() -> int:
    from procgen.levels.platformer.corpus import parse_text
    from procgen.levels.platformer.repair import defects
    from procgen.levels.platformer.solver import solve

    out = Path(__file__).resolve().parent / "examples"
    failed = 0
    for name, (style, names) in LEVELS.items():
        rows = assemble(style, names)
        level = parse_text("\n".join(rows), name)
        sol = solve(level)
        problems = defects(level)
        print(f"{name}: {level.width} columns, playable={sol.playable} "
              f"(furthest {sol.stats.get('furthest_x')}), defects={problems[:3]}")
        if not sol.playable or problems or not 150 <= level.width <= 250:
            failed += 1
            continue
        (out / f"{name}.txt").write_text("\n".join(rows) + "\n", encoding="ascii")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
