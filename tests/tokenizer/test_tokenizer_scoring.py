"""The treebank scorer: gold spans from CoNLL-U, P/R/F1 and disagreements."""

from nlpcore import Vocab
from nlpcore.tokenizer import Tokenizer
from nlpcore.tokenizer.scoring import gold_spans, read_gold, score

CONLLU = """# sent_id = 1
# text = I don't know.
1\tI\tI\tPRON\t_\t_\t3\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\t_\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\t_\t_\t4\tadvmod\t_\t_
4\tknow\tknow\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t_\t_\t4\tpunct\t_\t_

# sent_id = 2
# text = its ok
1-2\tits\t_\t_\t_\t_\t_\t_\t_\t_
1\tit\tit\tPRON\t_\t_\t3\tnsubj\t_\t_
2\tis\tbe\tAUX\t_\t_\t3\tcop\t_\t_
3\tok\tok\tADJ\t_\t_\t0\troot\t_\t_

"""


def test_gold_spans_split_multiword_tokens_that_spell_the_form(tmp_path):
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf8")
    data = read_gold(path)
    assert data[0] == ("I don't know.", [(0, 1), (2, 4), (4, 7), (8, 12), (12, 13)])
    # "it" + "is" doesn't spell "its": one gold span
    assert data[1] == ("its ok", [(0, 3), (4, 6)])


def test_gold_spans_none_when_form_missing():
    rows = [["1", "Hello"]]
    assert gold_spans("Goodbye", rows) is None


def test_score(tmp_path):
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf8")
    result = score(Tokenizer(Vocab()), read_gold(path))
    # whitespace only: "I" "don't" "know." "its" "ok" -> 3 of 5 predictions right
    assert result["n_pred"] == 5 and result["n_gold"] == 7
    assert abs(result["precision"] - 3 / 5) < 1e-9
    assert abs(result["recall"] - 3 / 7) < 1e-9
    assert (("do n't", "don't"), 1) in result["errors"]
