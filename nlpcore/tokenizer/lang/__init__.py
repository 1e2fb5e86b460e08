"""Per-language rule data for the tokenizer and lexical attributes."""
