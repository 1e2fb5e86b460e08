"""Tok2Vec: an embedding and an encoder chained, and the named standard architectures."""

from typing import List, Optional

from thinc.api import Model, chain
from thinc.types import Floats2d

from ...errors import Errors
from ...tokens import Doc
from .embed import CharacterEmbed, MultiHashEmbed
from .encode import BiLSTMEncoder, MaxoutWindowEncoder

SUBWORD_ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]


def Tok2Vec(
    embed: Model[List[Doc], List[Floats2d]],
    encode: Model[List[Floats2d], List[Floats2d]],
) -> Model[List[Doc], List[Floats2d]]:
    """chain(embed, encode), with refs "embed" and "encode"; widths must agree.

    embed: Docs to context-independent vectors; encode: vectors to contextual ones.
    """
    encode_width = encode.get_dim("nI") if encode.has_dim("nI") else encode.attrs.get("nI")
    if embed.has_dim("nO") and encode_width is not None:
        if embed.get_dim("nO") != encode_width:
            raise ValueError(
                Errors.E265.format(width=embed.get_dim("nO"), encode_width=encode_width)
            )
    model = chain(embed, encode)
    if encode.has_dim("nO"):
        model.set_dim("nO", encode.get_dim("nO"))
    model.set_ref("embed", embed)
    model.set_ref("encode", encode)
    return model


def HashEmbedCNN(
    width: int,
    depth: int,
    embed_size: int,
    window_size: int,
    maxout_pieces: int,
    subword_features: bool,
    pretrained_vectors: Optional[bool],
) -> Model[List[Doc], List[Floats2d]]:
    """The standard CNN tok2vec: MultiHashEmbed + MaxoutWindowEncoder (spaCy's sizes).

    width: vector width; depth: encoder blocks; embed_size: rows of the NORM table
    (PREFIX, SUFFIX, SHAPE get embed_size // 2); window_size: neighbours per side;
    maxout_pieces: pieces per unit; subword_features: also embed PREFIX, SUFFIX,
    SHAPE; pretrained_vectors: also use doc.vocab.vectors.
    """
    if subword_features:
        attrs = list(SUBWORD_ATTRS)
        rows = [embed_size] + [embed_size // 2] * 3
    else:
        attrs, rows = ["NORM"], [embed_size]
    return Tok2Vec(
        MultiHashEmbed(width, attrs, rows, bool(pretrained_vectors)),
        MaxoutWindowEncoder(width, window_size, maxout_pieces, depth),
    )


def HashCharEmbedCNN(
    width: int,
    depth: int,
    embed_size: int,
    window_size: int,
    maxout_pieces: int,
    nM: int,
    nC: int,
    pretrained_vectors: Optional[bool],
) -> Model[List[Doc], List[Floats2d]]:
    """CharacterEmbed (nC bytes of nM plus NORM) + MaxoutWindowEncoder.

    width: vector width; depth: encoder blocks; embed_size: rows of the NORM
    table; window_size, maxout_pieces: as HashEmbedCNN; nM, nC: character
    vector width and characters per word; pretrained_vectors: use vocab vectors.
    """
    return Tok2Vec(
        CharacterEmbed(width, embed_size, nM, nC, bool(pretrained_vectors)),
        MaxoutWindowEncoder(width, window_size, maxout_pieces, depth),
    )


def HashCharEmbedBiLSTM(
    width: int,
    depth: int,
    embed_size: int,
    nM: int,
    nC: int,
    dropout: float,
    pretrained_vectors: Optional[bool],
) -> Model[List[Doc], List[Floats2d]]:
    """CharacterEmbed + BiLSTMEncoder (needs torch).

    width: vector width; depth: LSTM layers; embed_size: NORM table rows;
    nM, nC: character embedding sizes; dropout: between LSTM layers;
    pretrained_vectors: use vocab vectors.
    """
    return Tok2Vec(
        CharacterEmbed(width, embed_size, nM, nC, bool(pretrained_vectors)),
        BiLSTMEncoder(width, depth, dropout),
    )
