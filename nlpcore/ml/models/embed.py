"""Embedding architectures: Docs to context-independent token vectors."""

from typing import List, Optional, Union

from thinc.api import Model, chain, concatenate
from thinc.types import Floats2d, Ragged

from ...errors import Errors
from ...tokens import Doc
from ..charembed import CharEmbed
from ..featureextractor import BatchFeatures, attr_ids
from ..hashembed import HashEmbed, HashEmbedConcat, check_rows, check_width
from ..maxout import MaxoutLN
from ..staticvectors import StaticVectors
from ..util import ragged2list

# Seed of the first HashEmbed of MultiHashEmbed; table i uses FIRST_SEED + i.
FIRST_SEED = 8
# Seed of the feature HashEmbed of CharacterEmbed.
CHAR_FEATURE_SEED = 5
# Maxout pieces of the layer mixing the embeddings (as spaCy's).
MIX_PIECES = 3


def MultiHashEmbed(
    width: int,
    attrs: List[Union[str, int]],
    rows: List[int],
    include_static_vectors: bool = False,
    id_dropout: float = 0.0,
) -> Model[List[Doc], List[Floats2d]]:
    """One hash embedding per attribute, concatenated, then Maxout with layer norm.

    width: output width and width of every table; attrs: attributes to embed
    (spaCy's default is NORM, PREFIX, SUFFIX, SHAPE); rows: table rows, one per
    attribute; include_static_vectors: also concatenate StaticVectors(width)
    over doc.vocab.vectors before the mixing layer; id_dropout: in training, each
    table sees a reserved unknown id in place of this share of tokens' values,
    and at prediction in place of the values it never trained on.
    """
    check_width(width)
    if len(rows) != len(attrs):
        raise ValueError(Errors.E264.format(n_rows=len(rows), n_attrs=len(attrs)))
    for n_rows in rows:
        check_rows(n_rows)
    ids = attr_ids(attrs)
    tables = [
        HashEmbed(width, n_rows, attr, seed=FIRST_SEED + i, dropout=0.0,
                  id_dropout=id_dropout)
        for i, (attr, n_rows) in enumerate(zip(ids, rows))
    ]
    hashed = chain(BatchFeatures(ids), HashEmbedConcat(tables))
    n_inputs = len(tables) + bool(include_static_vectors)
    mix = MaxoutLN(width, width * n_inputs, nP=MIX_PIECES, normalize=True)
    if include_static_vectors:
        embed = concatenate(hashed, StaticVectors(width, dropout=0.0))
    else:
        embed = hashed
    model = chain(embed, mix, ragged2list(width))
    model.set_dim("nO", width)
    model.attrs["attrs"] = ids
    return model


def CharacterEmbed(
    width: int,
    rows: int,
    nM: int,
    nC: int,
    include_static_vectors: bool = False,
    feature: Union[str, int] = "NORM",
) -> Model[List[Doc], List[Floats2d]]:
    """nC UTF-8 bytes per word (the first and last ones), each nM wide, plus a hash
    embedding of `feature` (NORM), concatenated and mixed by Maxout with layer norm.

    width: output width and width of the feature table; rows: rows of that table;
    nM: width of a character vector; nC: characters per word;
    include_static_vectors: also concatenate StaticVectors(width).
    """
    check_width(width)
    check_rows(rows)
    chars = CharEmbed(nM=nM, nC=nC)
    feature_id = attr_ids([feature])[0]
    table = HashEmbed(width, rows, feature_id, seed=CHAR_FEATURE_SEED, dropout=0.0)
    parts = [chars, chain(BatchFeatures([feature_id]), HashEmbedConcat([table]))]
    if include_static_vectors:
        parts.append(StaticVectors(width, dropout=0.0))
    n_in = nM * nC + width * (len(parts) - 1)
    mix = MaxoutLN(width, n_in, nP=MIX_PIECES, normalize=True)
    model = chain(concatenate(*parts), mix, ragged2list(width))
    model.set_dim("nO", width)
    return model


def StaticVectorsArchitecture(
    nO: int,
    nM: Optional[int] = None,
    dropout: Optional[float] = None,
    key_attr: Union[str, int] = "ORTH",
) -> Model[List[Doc], Ragged]:
    """Static vectors of doc.vocab.vectors projected to nO (see ml.staticvectors)."""
    check_width(nO)
    return StaticVectors(nO, nM, dropout=dropout, key_attr=key_attr)
