"""Compare how news outlets frame one event.

Stages, one module each: ``corpus`` (load and clean articles) → ``sentences`` and
``tokens`` → measures (``terms``, ``keyness``, ``sentiment``, ``framing``, ``quotes``,
``voices``, ``reuse``) → report (``plots``, ``viewer``, ``findings``). Every function
takes and returns pandas DataFrames.

The short way, from a DataFrame with ``text`` and ``outlet`` columns::

    import analysis
    study = analysis.analyse(frame, codebook_path="codebook.yaml")
    study.tables["frames_by_outlet"]
    analysis.show(analysis.frame_prevalence(study.tables, study.name)[0])
    analysis.run(frame, "results/")  # every table, chart and article page
"""

__version__ = "0.2.0"

from .corpus import Columns, load_corpus
from .errors import InputError
from .output import write_csv, write_outputs, write_tables
from .parted import table_parts
from .pipeline import Study, analyse, build_tables, run
from .plots import (
    corpus_overview,
    distinctive_terms,
    draw_all,
    frame_positions,
    frame_prevalence,
    frames_by_voice_chart,
    save_figure,
    sentiment_by_frame_chart,
    sentiment_per_outlet,
    show,
    text_reuse_chart,
    who_is_quoted,
)

__all__ = [
    "__version__",
    "Columns", "InputError", "Study",
    "load_corpus", "analyse", "build_tables", "run", "table_parts",
    "write_csv", "write_tables", "write_outputs",
    "draw_all", "save_figure", "show",
    "corpus_overview", "frame_prevalence", "frames_by_voice_chart", "sentiment_per_outlet", "sentiment_by_frame_chart",
    "distinctive_terms", "who_is_quoted", "frame_positions", "text_reuse_chart",
]
