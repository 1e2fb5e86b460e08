"""The pipeline object: a Vocab, a tokenizer and (later) components."""

import importlib
from pathlib import Path
from typing import Callable, Iterable, Iterator, Union

import srsly

from .about import __version__
from .errors import Errors
from .tokens import Doc
from .vocab import Vocab

# Language code -> module holding its data (a `make_tokenizer(vocab)` function).
LANGUAGES = {"en": "nlpcore.tokenizer.lang.en"}


class Language:
    """Text in, annotated Doc out: tokenizes, then runs the components.

    lang: language code; vocab: a Vocab to share (default: a new one);
    tokenizer: a callable text -> Doc (default: the language's tokenizer).
    """

    def __init__(self, lang: str, vocab: Union[Vocab, None] = None,
                 tokenizer: Union[Callable[[str], Doc], None] = None):
        if lang not in LANGUAGES:
            raise ValueError(Errors.E200.format(lang=lang, available=", ".join(LANGUAGES)))
        self.lang = lang
        self.vocab = vocab if vocab is not None else Vocab(lang)
        if tokenizer is None:
            tokenizer = importlib.import_module(LANGUAGES[lang]).make_tokenizer(self.vocab)
        self.tokenizer = tokenizer
        self.meta = {"lang": lang, "name": "pipeline", "version": "0.0.0",
                     "nlpcore_version": f">={__version__}"}

    def make_doc(self, text: str) -> Doc:
        """Tokenize a text."""
        return self.tokenizer(text)

    def __call__(self, text: Union[str, Doc]) -> Doc:
        """Process one text (or an already tokenized Doc)."""
        return text if isinstance(text, Doc) else self.make_doc(text)

    def pipe(self, texts: Iterable[Union[str, Doc]], batch_size: int = 1000) -> Iterator[Doc]:
        """Process a stream of texts, yielding Docs in order."""
        for text in texts:
            yield self(text)

    def to_disk(self, path: Union[str, Path]) -> None:
        """Write meta.json, the vocab and the tokenizer under `path`."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "meta.json", self.meta)
        self.vocab.to_disk(path / "vocab")
        self.tokenizer.to_disk(path / "tokenizer")

    def from_disk(self, path: Union[str, Path]) -> "Language":
        """Read what to_disk wrote into this pipeline; returns self."""
        path = Path(path)
        self.meta.update(srsly.read_json(path / "meta.json"))
        self.vocab.from_disk(path / "vocab")
        self.tokenizer.from_disk(path / "tokenizer")
        return self


def blank(lang: str) -> Language:
    """A pipeline with the language's tokenizer and no components."""
    return Language(lang)


def load(path: Union[str, Path]) -> Language:
    """Load a pipeline saved with Language.to_disk (no code is executed)."""
    path = Path(path)
    meta_path = path / "meta.json"
    if not meta_path.exists():
        raise FileNotFoundError(Errors.E043.format(path=meta_path))
    lang = srsly.read_json(meta_path).get("lang")
    return Language(lang).from_disk(path)
