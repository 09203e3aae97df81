"""Property tests: arbitrary Unicode never breaks the loader, the matcher, the quotation finder or the writer."""

import csv
import errno

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.codebook import load_codebook
from analysis.corpus import load_corpus
from analysis.errors import InputError
from analysis.framing import compile_markers, find_markers
from analysis.output import FORMULA_START, write_csv, write_outputs
from analysis.quotes import quote_spans
from analysis.sentences import sentence_table

class Unwritable:
    def __str__(self):
        raise OSError(errno.ENOSPC, "No space left on device")


# Text as articles come: letters of many scripts, punctuation, quote marks, spaces and line breaks.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("“”‘’\"' \n\n.,!?-—")),
    ),
    max_size=300,
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
COMPILED = compile_markers(load_codebook())


@SETTINGS
@given(TEXT)
def test_any_text_loads_or_is_refused_with_an_input_error_and_spans_hold(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a.txt").write_bytes(text.encode("utf-8"))
    (folder / "manifest.csv").write_text("file,outlet\na.txt,A\n", encoding="utf-8")
    try:
        articles = load_corpus(folder)
    except InputError:
        return
    sentences = sentence_table(articles)
    parts = articles.set_index("article_id")
    for row in sentences.itertuples():
        assert parts.at[row.article_id, row.part][row.start : row.end] == row.text


@SETTINGS
@given(TEXT)
def test_marker_hits_never_overlap_and_are_the_text_they_claim(text):
    hits = find_markers(text, COMPILED)
    for (start, end, _, _), following in zip(hits, hits[1:]):
        assert end <= following[0]
    for start, end, _, _ in hits:
        assert 0 <= start < end <= len(text)


@SETTINGS
@given(TEXT, st.booleans())
def test_quotation_spans_never_overlap_and_stay_inside_the_text(text, single):
    spans = quote_spans(text, single_quotes=single)
    assert spans == sorted(spans)
    for (start, end), following in zip(spans, spans[1:]):
        assert end <= following[0]
    for start, end in spans:
        assert 0 < start <= end <= len(text)


@SETTINGS
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_csv_cells_come_back_as_written_or_neutralised(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    write_csv(pd.DataFrame({"text": cells}), path)
    with path.open(encoding="utf-8", newline="") as handle:
        read = [row[0] for row in list(csv.reader(handle))[1:]]
    expected = [("'" + cell if cell.startswith(FORMULA_START) else cell).replace("\r\n", "\n").replace("\r", "\n") for cell in cells]
    assert read == expected


@SETTINGS
@given(st.integers(min_value=0, max_value=3))
def test_a_write_either_replaces_the_output_whole_or_leaves_it_exactly(tmp_path_factory, fail_at):
    out = tmp_path_factory.mktemp("run") / "out"
    write_outputs(out, {"old": pd.DataFrame({"x": [1]})})
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    tables = {f"t{i}": pd.DataFrame({"x": [i]}) for i in range(3)}
    if fail_at < 3:
        tables[f"t{fail_at}"] = pd.DataFrame({"x": [Unwritable()]})  # the write fails at this table
    try:
        write_outputs(out, tables)
        assert fail_at == 3 and sorted(p.name for p in (out / "tables").iterdir()) == ["t0.csv", "t1.csv", "t2.csv"]
    except InputError:
        assert fail_at < 3
        assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.")]
