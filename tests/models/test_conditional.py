"""Class-conditional level models: style and difficulty as inputs of the GAN and the VAE.

An unconditional config builds the very modules older checkpoints hold; a conditional one
takes the condition, trains deterministically on labelled windows, saves the style names in
its checkpoint, and decodes for a style and a difficulty asked by name.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from procgen.errors import CheckpointError, ParamError
from procgen.models.checkpoint import save_checkpoint
from procgen.models.common import torch_generator
from procgen.models.data import Corpus, room_domain
from procgen.models.gan import GANConfig, Generator, latents, seeded_init
from procgen.models.shipped import load_level_model
from procgen.models.tilenet import conditions
from procgen.models.train import Schedule, _conditions_doc, train_gan, train_vae
from procgen.models.vae import LevelVAE, VAEConfig

TINY = dict(height=6, width=8, channels=3, latent=8, base=8)
ROOM = GANConfig(height=9, width=13, channels=8, latent=4, base=4, critic_base=4, styles=2, difficulty=True)


def _labelled(corpus: Corpus) -> Corpus:
    """The tiny corpus with two style classes and a difficulty per window."""
    n = len(corpus.ids)
    return Corpus(corpus.ids, corpus.provenance, style_class=np.arange(n) % 2, style_names=("a", "b"),
                  difficulty=np.linspace(0, 1, n, dtype=np.float32))


def test_an_unconditional_config_builds_the_modules_older_checkpoints_hold() -> None:
    """No style classes and no difficulty: the same parameter names and shapes as before."""
    g = Generator(GANConfig(**TINY))
    assert g.net.fc.in_features == 8
    v = LevelVAE(VAEConfig(**TINY))
    assert v.encoder.body[0].in_channels == 3 and v.decoder.fc.in_features == 8


def test_the_generator_and_the_vae_decode_differently_for_another_condition() -> None:
    g, v = Generator(GANConfig(**TINY, styles=2, difficulty=True)), LevelVAE(VAEConfig(**TINY, styles=2, difficulty=True))
    seeded_init(g, torch_generator(0, "g"))
    seeded_init(v, torch_generator(0, "v"))
    z = latents(4, 8, torch_generator(0, "z"))
    a = conditions(torch.zeros(4), torch.zeros(4), 2)
    b = conditions(torch.ones(4), torch.ones(4), 2)
    with torch.no_grad():
        assert not torch.equal(g(z, a), g(z, b))
        assert not torch.equal(v.decode(z, a), v.decode(z, b))
        # No condition given: every style equally, difficulty 0.5.
        mid = conditions(torch.zeros(4), torch.full((4,), 0.5), 2)
        mid[:, :2] = 0.5
        assert torch.equal(g(z), g(z, mid))


@pytest.mark.parametrize("family", ["gan", "vae"])
def test_a_short_conditional_run_gives_the_same_weight_bytes_for_the_same_seed(tiny_domain, tiny_corpus, family) -> None:
    """Byte-reproducible training: same seed and data -> identical weights; another seed differs."""
    corpus = _labelled(tiny_corpus)
    sch = Schedule(steps=6, batch=16, preview_every=3, lr=1e-3)

    def digest(seed: int) -> str:
        if family == "gan":
            m, _ = train_gan(tiny_domain, corpus, config=GANConfig(**TINY, critic_base=8, styles=2, difficulty=True),
                             schedule=sch, seed=seed, progress=False)
        else:
            m, _ = train_vae(tiny_domain, corpus, config=VAEConfig(**TINY, styles=2, difficulty=True),
                             schedule=sch, seed=seed, progress=False)
        h = hashlib.sha256()
        for k, t in sorted(m.state_dict().items()):
            h.update(k.encode() + t.numpy().tobytes())
        return h.hexdigest()

    assert digest(3) == digest(3)
    assert digest(3) != digest(4)


def test_a_conditional_config_without_labels_in_the_data_is_a_param_error(tiny_domain, tiny_corpus) -> None:
    with pytest.raises(ParamError, match="style labels"):
        train_gan(tiny_domain, tiny_corpus, config=GANConfig(**TINY, styles=2), schedule=Schedule(steps=1), progress=False)
    with pytest.raises(ParamError, match="difficulty labels"):
        train_vae(tiny_domain, tiny_corpus, config=VAEConfig(**TINY, difficulty=True), schedule=Schedule(steps=1),
                  progress=False)


def _save_room(folder: Path, corpus: Corpus) -> Path:
    g = Generator(ROOM)
    seeded_init(g, torch_generator(0, "room"))
    return save_checkpoint(g, folder / "room-gan", model="room-gan", config=ROOM.to_dict(),
                           vocabulary=room_domain().names, **_conditions_doc(ROOM, corpus))


def test_a_conditional_checkpoint_decodes_for_a_style_asked_by_name(tmp_path: Path, tiny_corpus) -> None:
    path = _save_room(tmp_path, _labelled(tiny_corpus))
    assert json.loads(path.read_text())["conditions"] == {"styles": ["a", "b"], "difficulty": True}
    m = load_level_model("room-gan", tmp_path)
    z = m.prior(6, 0, "t")
    a, b = m.given(style="a", difficulty=0.0), m.given(style="b", difficulty=1.0)
    assert not np.array_equal(a.decode(z), b.decode(z))
    assert np.array_equal(a.decode(z), m.decode(z, a.condition(6).numpy()))
    with pytest.raises(ParamError, match="knows the styles a, b, not 'c'"):
        m.given(style="c")
    raw = m.sample_conditions(6, 0, "x")
    assert raw is not None and raw.shape == (6, 3) and np.array_equal(raw, m.sample_conditions(6, 0, "x"))


@pytest.mark.parametrize("conditions_field, message", [
    (None, "conditions: missing"),
    ({"styles": ["a"], "difficulty": True}, "conditions.styles"),
    ({"styles": ["a", "a"], "difficulty": True}, "conditions.styles"),
    ({"styles": ["a", "b"], "difficulty": False}, "conditions.difficulty"),
])
def test_a_checkpoint_whose_conditions_do_not_match_its_config_is_refused(
        tmp_path: Path, tiny_corpus, conditions_field, message) -> None:
    path = _save_room(tmp_path, _labelled(tiny_corpus))
    doc = json.loads(path.read_text())
    if conditions_field is None:
        del doc["conditions"]
    else:
        doc["conditions"] = conditions_field
    path.write_text(json.dumps(doc))
    with pytest.raises(CheckpointError, match=message):
        load_level_model("room-gan", tmp_path)


def test_a_spread_difficulty_covers_an_even_range_around_the_request(tmp_path: Path, tiny_corpus) -> None:
    """A pool decoded with ``spread`` asks for difficulties evenly over ±spread, clipped to 0..1."""
    _save_room(tmp_path, _labelled(tiny_corpus))
    m = load_level_model("room-gan", tmp_path).given(style="a", difficulty=0.8, spread=0.4)
    c = m.condition(5)
    assert c is not None
    assert c[:, -1].tolist() == pytest.approx([0.4, 0.6, 0.8, 1.0, 1.0])
    assert c[:, :2].tolist() == [[1.0, 0.0]] * 5


def test_raw_conditions_in_runs_share_one_style_per_run(tmp_path: Path, tiny_corpus) -> None:
    """``run=k``: every k consecutive raw conditions name one style (a raw level keeps one
    style); ``run=1`` draws as before, each window on its own."""
    _save_room(tmp_path, _labelled(tiny_corpus))
    m = load_level_model("room-gan", tmp_path)
    runs = m.sample_conditions(40, 0, "x", run=8)
    assert runs is not None
    style = runs[:, :2].argmax(1).reshape(5, 8)
    assert (style == style[:, :1]).all() and len(set(style[:, 0].tolist())) == 2
    single = m.sample_conditions(40, 0, "x")
    assert single is not None and (single[:, :2].argmax(1).reshape(5, 8) != style[:, :1]).any()
    assert np.array_equal(single, m.sample_conditions(40, 0, "x", run=1))


def test_style_balance_draws_a_small_style_as_often_as_a_large_one() -> None:
    """With ``style_balance=1`` the VAE's batches draw each style alike, however few windows it
    has; 0 keeps the plain epochs (each window once per epoch)."""
    from procgen.models.train import _vae_batches

    ids = np.zeros((100, 6, 8), dtype=np.uint8)
    corpus = Corpus(ids, {}, style_class=np.r_[np.zeros(90, dtype=np.int64), np.ones(10, dtype=np.int64)],
                    style_names=("big", "small"))
    balanced = _vae_batches(corpus, Schedule(batch=50, style_balance=1.0), torch_generator(0, "b"))
    drawn = torch.cat([next(balanced) for _ in range(40)])
    share = float((torch.from_numpy(corpus.style_class)[drawn] == 1).double().mean())
    assert 0.45 < share < 0.55
    epoch = next(_vae_batches(corpus, Schedule(batch=100), torch_generator(0, "b")))
    assert sorted(epoch.tolist()) == list(range(100))
