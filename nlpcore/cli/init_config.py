"""`python -m nlpcore init config OUTPUT --lang en --pipeline tagger [--optimize ...]`."""

import argparse
from pathlib import Path
from typing import Dict, List

from thinc.api import Config

from ..errors import Errors

# tok2vec sizes per --optimize choice: spaCy 3.8's efficiency sizes, and wider.
TOK2VEC_SIZES = {
    "efficiency": {"width": 96, "depth": 4, "window_size": 1, "maxout_pieces": 3,
                   "rows": [5000, 1000, 2500, 2500]},
    "accuracy": {"width": 256, "depth": 8, "window_size": 1, "maxout_pieces": 3,
                 "rows": [10000, 2000, 5000, 5000]},
}
EMBED_ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
# Per-token classifiers smooth their targets as spaCy 3.8's tagger config does.
LABEL_SMOOTHING = 0.05
TOKEN_CLASSIFIERS = ("tagger", "morphologizer")


def tok2vec_model(sizes: Dict[str, object], id_dropout: float) -> Dict[str, object]:
    """Tok2Vec.v1: MultiHashEmbed over NORM/PREFIX/SUFFIX/SHAPE + MaxoutWindowEncoder."""
    return {
        "@architectures": "nlpcore.Tok2Vec.v1",
        "embed": {"@architectures": "nlpcore.MultiHashEmbed.v1",
                  "width": "${components.tok2vec.model.encode.width}",
                  "attrs": EMBED_ATTRS, "rows": sizes["rows"],
                  "include_static_vectors": False, "id_dropout": id_dropout},
        "encode": {"@architectures": "nlpcore.MaxoutWindowEncoder.v1",
                   "width": sizes["width"], "depth": sizes["depth"],
                   "window_size": sizes["window_size"],
                   "maxout_pieces": sizes["maxout_pieces"]},
    }


HEAD = """
[paths]
train = null
dev = null

[system]
seed = 0
gpu_allocator = null
"""

TRAINING = """
[corpora]

[corpora.train]
@readers = "nlpcore.Corpus.v1"
path = ${paths.train}
raw_text = false
limit = 0
max_length = 0
shuffle = true
seed = ${system.seed}

[corpora.dev]
@readers = "nlpcore.Corpus.v1"
path = ${paths.dev}
raw_text = false
limit = 0
max_length = 0
shuffle = false
seed = ${system.seed}

[training]
seed = ${system.seed}
dropout = 0.1
max_epochs = 0
max_steps = 20000
eval_frequency = 200
patience = 1600
frozen_components = []

[training.score_weights]

[training.batcher]
@misc = "nlpcore.batch_by_words.v1"
tolerance = 0.2
discard_oversize = false

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

# Parameter averages: +0.2-0.4 XPOS on EWT dev in our runs (spaCy's default is off).
[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001

[training.optimizer.learn_rate]
@schedules = "warmup_linear.v1"
warmup_steps = 250
total_steps = 20000
initial_rate = 0.001
"""

# Components init config knows -> (factory, its extra settings).
COMPONENTS: Dict[str, Dict[str, object]] = {
    "tagger": {"factory": "tagger", "attr": "TAG"},
    "morphologizer": {"factory": "morphologizer"},
    "parser": {"factory": "parser", "min_action_freq": 30, "oracle_prob": 0.1,
               "max_segment_length": 100, "seed": 0, "hidden_dropout": 0.0,
               "nonmonotonic": False},
    "ner": {"factory": "ner", "min_action_freq": 1, "oracle_prob": 0.1,
            "max_segment_length": 100, "seed": 0, "hidden_dropout": 0.0},
    # Training-only auxiliary objective for the shared tok2vec; annotates nothing.
    "supertagger": {"factory": "supertagger", "parts": ["pos", "dep", "dir"], "min_freq": 10,
                    "label_smoothing": 0.0, "loss_weight": 1.0},
}
# Each component's model without its tok2vec (default: the tagger's softmax).
MODELS: Dict[str, Dict[str, object]] = {
    "parser": {"@architectures": "nlpcore.TransitionBasedParser.v1", "state_type": "parser",
               "nr_feature_tokens": 8, "hidden_width": 128, "maxout_pieces": 3,
               "use_upper": True, "nO": None},
    # ner: six context tokens, as the ner factory's default model (see pipeline/ner.py).
    "ner": {"@architectures": "nlpcore.TransitionBasedParser.v1", "state_type": "ner",
            "nr_feature_tokens": 6, "hidden_width": 64, "maxout_pieces": 2,
            "use_upper": True, "nO": None},
}
DEFAULT_MODEL = {"@architectures": "nlpcore.Tagger.v1", "nO": None}
# Training settings for pipelines with a parser and no ner, tuned on EWT dev
# (efficiency sizes, 3 seeds: UAS/LAS 86.66/83.37 against 85.9/82.5 with the
# defaults above); ner loses F1 with this dropout (0.25: -0.5), so it keeps them.
PARSER_TRAINING = {"dropout": 0.3, "max_steps": 10000}
PARSER_LEARN_RATE = {"initial_rate": 0.002, "total_steps": 10000}
# Word dropout, whose unknown vector also stands in for values never trained on
# (EWT/CoNLL dev, efficiency sizes, seed 0; without it: XPOS 94.0, UAS/LAS
# 86.87/83.50, F1 89.26): tagger 0.25 -> XPOS 94.35 (seed 1: 94.41); tagger+parser
# 0.1 -> UAS/LAS 87.40/84.17; ner 0.25 -> F1 89.50 (0.1: 89.35).
ID_DROPOUT = 0.25
PARSER_ID_DROPOUT = 0.1


def listener(width_ref: str) -> Dict[str, object]:
    return {"@architectures": "nlpcore.Tok2VecListener.v1", "width": width_ref,
            "upstream": "tok2vec"}


def make_config(lang: str, pipeline: List[str], optimize: str) -> Config:
    """A complete training config: shared tok2vec, the components, training settings."""
    unknown = [name for name in pipeline if name not in COMPONENTS]
    if unknown:
        raise ValueError(Errors.E221.format(names=", ".join(unknown),
                                            known=", ".join(COMPONENTS)))
    if optimize not in TOK2VEC_SIZES:
        raise ValueError(Errors.E222.format(value=optimize, known=", ".join(TOK2VEC_SIZES)))
    parser_preset = "parser" in pipeline and "ner" not in pipeline
    id_dropout = PARSER_ID_DROPOUT if parser_preset else ID_DROPOUT
    components: Dict[str, object] = {
        "tok2vec": {"factory": "tok2vec",
                    "model": tok2vec_model(TOK2VEC_SIZES[optimize], id_dropout)}}
    for name in pipeline:
        settings = dict(COMPONENTS[name])
        if name in TOKEN_CLASSIFIERS:
            settings["label_smoothing"] = LABEL_SMOOTHING
        components[name] = {**settings, "model": {
            **MODELS.get(name, DEFAULT_MODEL),
            "tok2vec": listener("${components.tok2vec.model.encode.width}")}}
    head = Config().from_str(HEAD, interpolate=False)
    training = Config().from_str(TRAINING, interpolate=False)
    if parser_preset:
        training["training"].update(PARSER_TRAINING)
        training["training"]["optimizer"]["learn_rate"].update(PARSER_LEARN_RATE)
    return Config({**head, "nlp": {"lang": lang, "pipeline": ["tok2vec", *pipeline]},
                   "components": components, **training})


def init_config(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlpcore init config",
                                     description="Write a complete training config.")
    parser.add_argument("output", type=Path, help="config file to write ('-' for stdout)")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--pipeline", default="tagger",
                        help=f"comma-separated components from: {', '.join(COMPONENTS)}")
    parser.add_argument("--optimize", default="efficiency", choices=sorted(TOK2VEC_SIZES))
    args = parser.parse_args(argv)
    try:
        config = make_config(args.lang, [p for p in args.pipeline.split(",") if p],
                             args.optimize)
    except ValueError as error:
        print(error)
        return 1
    if str(args.output) == "-":
        print(config.to_str(interpolate=False))
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(config.to_str(interpolate=False), encoding="utf8")
        print(f"wrote {args.output} ({', '.join(config['nlp']['pipeline'])}; {args.optimize})")
    return 0
