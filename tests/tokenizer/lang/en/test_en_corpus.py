"""English tokenizer accuracy on the UD English Web Treebank dev split."""

import pytest

from nlpcore import Vocab
from nlpcore.tokenizer.lang.en import make_tokenizer
from nlpcore.tokenizer.scoring import read_gold, score


@pytest.mark.corpus
def test_ewt_dev_f1(data_dir):
    path = data_dir / "ud_en_ewt" / "en_ewt-ud-dev.conllu"
    if not path.is_file():
        pytest.skip(f"corpus file not found: {path}")
    data = read_gold(path)
    assert len(data) > 1000
    result = score(make_tokenizer(Vocab("en")), data)
    assert result["f1"] >= 0.98, result["errors"]
