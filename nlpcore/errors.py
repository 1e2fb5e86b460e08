"""The one catalogue of coded errors and warnings used by every raise.

Reading ``Errors.E001`` gives the message prefixed with its code, ``"[E001] ..."``.
Code ranges, one per area, so the catalogue stays ordered:
E001-E099 strings, vocab, attrs, Doc/Token/Span/DocBin, extensions;
E100-E149 tokenizer; E150-E199 training data (readers, writers, Example,
alignment, convert); E200-E249 package, CLI and registry; E250-E299 ml
layers (embeddings, feature extraction, encoders, vectors); E300-E349
transition systems (state, arc-eager, BILUO, pseudo-projective); E350-E399
the parser model and the parser/ner components; E400-E449 GPU and kernels.
W001-W049 core; W050-W099 tokenizer; W100-W149 training data; W150-W199 ml
layers; W200-W249 transition systems; W250-W299 parser/ner; W300-W349 GPU.
"""

import warnings
from typing import Optional


class _Coded(type):
    """Metaclass that prefixes each message with its code on attribute access."""

    def __getattribute__(cls, code: str) -> str:
        message = super().__getattribute__(code)
        if len(code) == 4 and code[0] in "EW" and code[1:].isdigit():
            return f"[{code}] {message}"
        return message


class Errors(metaclass=_Coded):
    # ---- core: strings, vocab, attrs, Doc, Token, Span, DocBin (E001-E099)
    E001 = "Can't find string for hash {key} in the StringStore."
    E002 = "StringStore keys are str or int, not {type}."
    E003 = "Expected bytes from StringStore.to_bytes(), got data that does not decode: {error}"
    E004 = "Vocab has no lexeme for hash {orth}: add the string to the vocab first."
    E005 = "The string {string!r} can't be stored: it holds a lone surrogate at position {position}, which UTF-8 can't encode."
    E006 = "StringStore.add takes a str, got {type}."
    E010 = "Unknown attribute {attr}. Known attributes: {known}."
    E011 = "Attribute {attr} is a lexical attribute and can't be set on a Doc; create the Doc from the words instead."
    E012 = "Doc.from_array: array has shape {shape}, expected ({length}, {n_attrs})."
    E013 = "Doc.from_array: a doc can't take ORTH/lexical attributes from an array of another length."
    E020 = "words and spaces must have the same length: {n_words} words, {n_spaces} spaces."
    E021 = "A word must be a non-empty string; got {word!r} at position {i}."
    E022 = "Annotation '{name}' has {n_values} values for {n_words} words."
    E023 = "Head {head} of token {i} is outside the doc (length {length})."
    E024 = "Heads form a cycle through tokens {cycle}: heads must form a forest."
    E025 = "Invalid sent_start value {value!r} for token {i}: use True, False, None, 1, -1 or 0."
    E026 = "Token index {i} is out of range for a doc of {length} tokens."
    E027 = "Span [{start}, {end}) is outside the doc (length {length})."
    E028 = "Entity spans overlap: {first} and {second}."
    E029 = "Entity span {span} belongs to another Doc."
    E030 = (
        "Sentence boundaries are unset: set them from a parse, with "
        "token.is_sent_start, or from the corpus reader."
    )
    E031 = "Invalid entity tag {tag!r} for token {i}: expected B-/I-/L-/U- followed by a label, 'O', '-' or ''."
    E032 = "Entities must be given as Spans or (label, start, end) tuples, got {value!r}."
    E033 = "Doc has no attribute annotation named {attr}."
    E034 = "Entity span {span} has no label."
    E035 = "Can't write {attr} on many docs at once: only TAG, POS, MORPH, LEMMA, DEP, ENT_TYPE and ENT_KB_ID."
    E036 = "{what} has {n_values} rows for the {n_tokens} tokens of the docs."
    E037 = "keys has {n_columns} columns for {n_attrs} attributes {attrs}."
    E038 = "Doc and Span indices are ints or slices, got {type}."
    E039 = "Slices of a Doc or Span take no step, got step {step}."
    E040 = "Doc.from_bytes: data is not a serialized Doc ({error})."
    E041 = "DocBin.from_bytes: data is not a serialized DocBin ({error})."
    E042 = "DocBin: attrs {attrs} differ from {other}; can't merge."
    E043 = "Can't read {path}: no such file."
    E044 = "Token {i}: is_sent_start can't change on a parsed Doc; its sentences follow the heads (set the heads instead)."
    E045 = "An empty span ({start}, {end}) has no root."
    E046 = "Unknown {name} {value!r}: use one of {options}."
    E047 = "Vocab.from_bytes: data is not a serialized Vocab ({error})."
    E050 = "Extension '{name}' already exists on {obj}; pass force=True to overwrite."
    E051 = "Extension '{name}': give exactly one of default, getter or method (a setter goes with a getter)."
    E052 = "{obj} has no extension '{name}'; register it with {obj}.set_extension('{name}', ...)."
    E053 = "Extension '{name}' on {obj} has a getter but no setter, so it can't be assigned."
    E060 = "Token {i} and head {head} belong to different docs."
    # ---- tokenizer (E100-E149)
    E100 = "The tokenizer takes a str, got {type}."
    E101 = "Special case {string!r}: the ORTH values {orths} don't concatenate to the string."
    E102 = (
        "Special case {string!r}: each token must be a dict with a non-empty 'ORTH' "
        "string, got {token!r}."
    )
    E103 = (
        "Special case {string!r} is empty or contains whitespace; special cases match "
        "whitespace-delimited chunks."
    )
    E104 = (
        "Special case {string!r}: unsupported token attributes {attrs}; only ORTH is set "
        "(norms come from the language's lexical attributes)."
    )
    E105 = "Tokenizer.{name} must be a callable or None, got {type}."
    E106 = "Tokenizer.from_bytes: data is not a serialized Tokenizer ({error})."
    E107 = "Tokenizer.from_disk: no tokenizer file at {path}."
    # ---- training data (E150-E199)
    E150 = "CoNLL-U line has {n} tab-separated columns; expected 10."
    E151 = "CoNLL-U ID {value!r} is not a word index (3), a range (3-4) or an empty node (3.1)."
    E152 = "CoNLL-U ID {value!r} is out of order: expected word {expected}."
    E153 = "CoNLL-U HEAD {value!r} of word {id} is not an integer."
    E154 = "CoNLL-U HEAD {head} of word {id} is out of range: the sentence has {n} words."
    E155 = "CoNLL-U heads form a cycle through words {cycle}."
    E156 = "CoNLL-U sentence has {n} roots (HEAD 0) at words {ids}; it needs exactly one."
    E157 = "CoNLL-U multiword token {value!r} is not followed by the words it spans."
    E158 = "{path} holds no sentences: the file is empty or has only comments and blank lines."
    E159 = "Bytes that are not UTF-8 ({error}); save the file as UTF-8."
    E160 = "Unknown tag {tag!r}: expected O or a B-, I-, L-, U-, E- or S- prefix and a label."
    E161 = "IOB line {text!r} has {n} columns; expected a token and a tag."
    E162 = "Invalid BILUO sequence: {prev!r} followed by {tag!r} at token {i}."
    E163 = "Entity offsets ({start}, {end}, {label!r}) overlap another entity; entities can't overlap."
    E164 = "Entity offsets ({start}, {end}, {label!r}) are outside the text (length {length})."
    E165 = "Can't find the {what} column in the header {header!r}; expected one of {names}."
    E166 = "Line has {n} tab-separated fields; the header has {expected}."
    E167 = "Line is not valid JSON: {error}."
    E168 = "JSONL record needs a \"text\" string and \"cats\" or \"label\"; got keys {keys}."
    E169 = "Unknown text classification format {suffix!r}: expected .tsv or .jsonl."
    E170 = (
        "Example: the predicted and reference texts differ (ignoring whitespace) at character "
        "{i}: {x!r} vs {y!r}."
    )
    E171 = "Example expects Doc objects, got {type}."
    E172 = "Example.from_dict: unknown key {key!r}. Known keys: {known}."
    E173 = "Example.get_aligned: unknown attribute {attr!r}. Known: {known}."
    E174 = "Example.from_dict: '{key}' has {n} values for {n_words} words."
    E175 = "Can't build a Doc from this sentence: {error}"
    E176 = "n_sents must be a positive integer, got {value!r}."
    E177 = "Unknown tag scheme {scheme!r}: expected one of {schemes}."
    E178 = "Label {label!r} is not in the labels given: {labels}."
    E179 = "CoNLL-U sentence has no words, only multiword-token or empty-node lines."
    E180 = "write_conllu: the head of token {i} lies outside its sentence [{start}, {end})."
    E181 = "write_conllu: the sentence [{start}, {end}) has {n} roots (tokens {roots}); CoNLL-U takes one (labels without heads make every labelled token a root)."
    E182 = "HEAD is _ but DEPREL is {dep!r}: a word has both or neither."
    E190 = "Input {path} does not exist."
    E191 = "Unknown format {fmt!r}. Formats: {formats}."
    E192 = "Can't infer the format of {path} from its extension; pass --format ({formats})."
    E193 = "Output {path} exists and is not a directory."
    E194 = "IOB line {text!r} has an empty token; only a blank line separates sentences."
    E195 = "JSONL \"cats\" score of {label!r} must be a finite number, got {value!r}."
    E196 = "JSONL \"label\" must be a non-empty string or int, or a list of them; got {value!r}."
    E197 = "{what} has a lone surrogate {char!r} at character {i}: not valid Unicode text."
    E198 = "Example.from_dict: entities must be a list of per-token tags (str or None) or of (start_char, end_char, label) offsets; got {value!r}."
    E199 = "{path} is not a valid gzip file: {error}."
    # ---- package, CLI, registry (E200-E249)
    E200 = "Unknown language code {lang!r}. Available: {available}."
    E201 = "Unknown command {command!r}. Commands: {commands}."
    E202 = "A component named {name!r} already exists; components: {names}. Pass another name=."
    E203 = "No factory named {name!r}. Closest registered factories: {closest}."
    E204 = "Can't place the component: {where}."
    E205 = "No component named {name!r}; components: {names}."
    E206 = "Config of component {name!r} is invalid: {error}"
    E207 = "Expected a str or a Doc, got {type}."
    E208 = "Config is missing section [{section}] or its key {key!r}."
    E209 = "{path} needs nlpcore {required}, but this is nlpcore {version}."
    E210 = "Can't load the weights of component {name!r}: {error}"
    E211 = "Component {name!r}: a label must be a non-empty string, got {label!r}."
    E212 = "{name} does not implement {method}(); a TrainablePipe subclass must."
    E213 = "Component {name!r} can't be initialized: get_examples() gave no examples."
    E214 = "A tagger predicts one of {known}, not {attr!r}."
    E215 = (
        "A Tok2VecListener (upstream {upstream!r}) found no vectors on the doc: run the "
        "tok2vec component earlier in the pipeline, or give the component its own tok2vec."
    )
    E216 = "Batch size must be positive, got {size}."
    E217 = "Training config is invalid: {error}"
    E218 = "Unknown settings in [training]: {keys}. Known: {known}, batcher, optimizer."
    E219 = "The dev corpus gave no examples: training needs some to evaluate on."
    E220 = "The training corpus gave no examples."
    E221 = "init config can't add component(s) {names}; it knows: {known}."
    E222 = "Unknown value {value!r}; choose from {known}."
    E223 = (
        "Can't use GPU {gpu_id}: {error}. The GPU paths need CuPy for the machine's CUDA "
        "(pip install 'nlpcore[cuda]') and an NVIDIA GPU; --gpu-id -1 runs on the CPU."
    )
    E224 = "Component {name!r}: the model gave {n_scores} score rows for {n_tokens} tokens."
    E225 = "n_threads must be an int of 1 or more, got {value!r}."
    E226 = "Component {name!r} (factory {factory!r}) has no setting {key!r}; its settings: {allowed}."
    E227 = "{name} has no argument {key!r}; its arguments: {allowed}."
    E228 = "Can't read the config {path}: {error}"
    E229 = (
        "Component {name!r} has a Tok2VecListener with upstream {upstream!r}, which names no "
        "tok2vec component of the pipeline (tok2vec components: {tok2vecs}); set upstream to "
        "one of them or \"*\", or add the tok2vec."
    )
    E230 = "Supertag parts must be distinct and from {known}, got {parts!r}."
    E231 = "Component {name!r}: {key} must be {expected}, got {value!r}."
    E232 = "Component {name!r}: no supertag occurs min_freq={min_freq} times in the examples."
    E233 = "Output {path} is a directory; give a file name."
    E234 = "Can't write {path}: {parent} is not an existing directory."
    E235 = "Input {path} is a directory; give a file."
    # ---- ml layers (E250-E299)
    E250 = "Expected a Doc in the batch, got {type}."
    E251 = "The batch mixes Docs from different Vocabs with different vectors tables; StaticVectors needs one."
    E252 = "No attributes given: a feature extractor needs at least one attribute."
    E254 = "Embedding rows must be a positive integer, got {rows!r}."
    E255 = "Width must be a positive integer, got {width!r}."
    E256 = "Ids have {n_cols} columns but {n_tables} tables (seeds, rows) were given."
    E257 = "Array of dtype {dtype} where {expected} (C-contiguous) is needed."
    E258 = "Keys of shape {keys} don't match output of shape {out} (total width {width})."
    E259 = "Gradient of shape {got} doesn't match the forward output's shape {expected}."
    E260 = "Maxout needs at least one piece, got nP={nP}."
    E261 = "Input of shape {got} doesn't match {name}'s input width nI={nI}."
    E262 = "Lengths add up to {total} but the array has {rows} rows."
    E263 = "Window size must be >= 0, got {window}."
    E264 = "rows has {n_rows} entries but attrs has {n_attrs}: give one row count per attribute."
    E265 = "Embedding width {width} and encoder width {encode_width} don't match."
    E266 = "Unknown {registry} name {name!r}. Closest registered names: {closest}."
    E267 = "Argument {key!r} of {name}: expected {expected}, got {value!r}."
    E268 = "Missing argument {key!r} of {name}."
    E269 = "nC and nM must be positive integers, got nC={nC!r}, nM={nM!r}."
    E270 = "Vectors of width {width} can't be added to a table of width {expected}."
    E271 = "Line {line} of {path}: expected a word and {width} numbers, got {n} fields."
    E272 = "Vectors file {path} has no vectors."
    E273 = "StaticVectors needs vectors in doc.vocab.vectors; the table is empty."
    E274 = "--prune must be a positive integer, got {value!r}."
    E275 = "Usage: python -m nlpcore init vectors LANG VECTORS_TXT OUTPUT_DIR [--prune N]."
    E276 = "{name} needs torch, which is not installed (pip install torch)."
    E277 = "Vectors table data must be 2D, with one key per row: got shape {shape} and {n_keys} keys."
    E278 = "Encoder depth must be an int of 0 or more (0: no encoder blocks), got {depth!r}."
    E285 = "Id dropout must be a number in [0, 1), got {rate!r}."
    # ---- transition systems (E300-E349)
    E300 = "A state needs a length from 0 to 2147483647, got {length}."
    E301 = "No context set of {n} feature tokens; the sizes are {sizes}."
    E302 = "Unknown move {name!r}; the moves are {names}."
    E303 = "Move {name!r} is not valid in this state: {state}."
    E304 = "Gold {what} has {n} entries for a state of {length} words."
    E305 = "Gold head {head} of word {i} is out of range for {length} words."
    E306 = "Gold heads form a cycle through words {cycle}."
    E307 = "Sentence starting at word {start} has {n} roots ({roots}); a sentence has one."
    E308 = "Gold entities overlap: {first} and {second}."
    E309 = "Bad entity tag {tag!r} at word {i}: expected B-, I-, L-, U- with a label, O or '-'."
    E310 = "Entity tags are inconsistent at word {i}: {prev!r} then {tag!r}."
    E311 = "Move {name!r} takes a label; the label is empty."
    E312 = "The state is final; no move applies."
    E313 = "min_freq must be an int of 1 or more, got {value!r}."
    E314 = "Span ({start}, {end}) is out of range for {length} words."
    E315 = "Gold labels must be strings or None, got {value!r} for word {i}."
    E316 = "{system} can't use {got} as its gold: it takes {expected} (from its make_gold or gold_from_doc)."
    # ---- parser model, parser and ner components (E350-E399)
    E350 = "state_type must be 'parser' or 'ner', got {value!r}."
    E351 = "nr_feature_tokens for state_type {state_type!r} must be one of {sizes}, got {value!r}."
    E352 = "{name} must be a positive int, got {value!r}."
    E353 = "The parser model has no {dim} yet: initialize the component (or load it) first."
    E354 = "{n} parser states were not final after {steps} steps (a transition system bug)."
    E355 = "Parser model {what} has shape {shape}; expected {expected}."
    E356 = "Feature row {row} is out of range for a table of {n_rows} rows."
    E357 = "Got {n} entries for {n_states} states."
    E358 = "Segment [{start}, {end}) is out of range for a doc of {length} words."
    E359 = "Move class {clas} is not valid here (the system has {n_moves} moves)."
    E360 = "The {name} component has no moves: initialize or load it before use."
    E361 = "{name} must be a number in [0, 1], got {value!r}."
    E362 = "The {name} component found no {what} annotation in the training examples."
    E363 = "{name} must be an int of 1 or more, got {value!r}."
    E364 = "Out of memory for the parser's buffers ({n} states)."
    E365 = "Parser state {i} doesn't fit the state arrays given for it (word count, first row, stack, buffer or entities)."
    E370 = "A constraint gold serves one parser state only; the same gold was given twice."
    E371 = (
        "Preset cut points {cuts} must lie strictly inside a doc of {length} words and "
        "can't be combined with a preset gold."
    )
    E372 = "The {name} component's hidden_dropout must be a number in [0, 1), got {value!r}."
    # ---- GPU and kernels (E400-E449)
    E400 = "The CUDA kernels need CuPy ({error}); install it for the machine's CUDA: pip install 'nlpcore[cuda]'."
    E401 = "Kernel {kernel}: {name} must be a C-contiguous {expected} array, got {got}."
    E402 = "Kernel {kernel}: {name} has shape {shape}; expected {expected}."
    E403 = "Can't compile the CUDA kernels of {path}: {error}"
    E404 = "[system] gpu_allocator must be null, \"pytorch\" or \"tensorflow\", got {value!r}."
    E405 = "Can't route CuPy's GPU memory through {allocator}: {error}"
    E406 = "The {system} transition system has no device loop kernels (arc-eager and BILUO have)."


class Warnings(metaclass=_Coded):
    # ---- core (W001-W049)
    # ---- tokenizer (W050-W099)
    W050 = (
        "Tokenizer.{name} is not a method of a compiled regex, so it can't be "
        "serialized; it is left out."
    )
    # ---- training data (W100-W149)
    W100 = (
        "IOB2 tag {tag!r} follows {prev!r}: no entity of that type is open, read as B-. "
        "Pass scheme='iob1' for IOB1 data. Later repairs in this file are counted, not shown."
    )
    W101 = "{n} I- tags that opened an entity were read as B- in {path}."
    # ---- ml layers (W150-W199)
    # ---- transition systems (W200-W249)
    # ---- parser and ner (W250-W299)


class InputError(ValueError):
    """Bad input data, with where it came from: ``path`` and 1-based ``line``."""

    def __init__(self, message: str, path: Optional[str] = None, line: Optional[int] = None):
        where = ""
        if path is not None:
            where = f" ({path}" + (f", line {line}" if line is not None else "") + ")"
        super().__init__(message + where)
        self.path = path
        self.line = line


def warn(message: str, stacklevel: int = 2) -> None:
    """Issue a coded warning (a UserWarning) from the caller's frame."""
    warnings.warn(message, UserWarning, stacklevel=stacklevel + 1)
