"""Compare language identifiers on the project's texts and on speed.

    pip install -r requirements-bench.txt
    python benchmarks/language_identifiers.py

For each identifier: how many articles of the seeds and the test corpora it assigns the
language they are written in (whole bodies, headlines alone, and single body sentences,
the hard case), articles per second over the bodies, the time to load its model, and the
memory the model takes. The result is recorded in the docstring of ``analysis/language.py``.
"""

from __future__ import annotations

import resource
import time

from analysis.config import PROJECT_ROOT, SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.sentences import sentence_table

CORPORA = [SEEDS_DIR, *(PROJECT_ROOT / "tests" / "fixtures" / name for name in ("bridge_toll", "heldout_quotes", "salvador_es"))]


def identifiers() -> dict:
    """Every identifier installed, as (loader, identify text → ISO 639-1 code)."""
    found = {}
    try:
        import py3langid

        found["py3langid"] = (lambda: py3langid.classify("warm up"), lambda text: py3langid.classify(text)[0])
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder

        holder = {}

        def load():  # lingua loads a language's models on first use: detect once in every language it knows
            holder["detector"] = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

        def identify(text):
            language = holder["detector"].detect_language_of(text)
            return language.iso_code_639_1.name.lower() if language else ""

        found["lingua (all languages)"] = (load, identify)
    except ImportError:
        pass
    return found


def labelled_texts() -> dict[str, list[tuple[str, str]]]:
    """(text, language) for bodies, headlines and body sentences of every corpus; the language is the
    manifest's ``language`` column where there is one, else English."""
    texts = {"bodies": [], "headlines": [], "sentences": []}
    for folder in CORPORA:
        articles = load_corpus(folder)
        language = articles["language"] if "language" in articles else None
        truth = dict(zip(articles["article_id"], language if language is not None else ["en"] * len(articles)))
        texts["bodies"] += [(body, truth[i]) for i, body in zip(articles["article_id"], articles["body"])]
        texts["headlines"] += [(h, truth[i]) for i, h in zip(articles["article_id"], articles["headline"]) if h]
        sentences = sentence_table(articles)
        body = sentences[sentences["part"] == "body"]
        texts["sentences"] += [(t, truth[i]) for i, t in zip(body["article_id"], body["text"])]
    return texts


def main() -> None:
    texts = labelled_texts()
    bodies = [text for text, _ in texts["bodies"]]
    print(f"{len(texts['bodies'])} bodies ({sum(1 for _, l in texts['bodies'] if l != 'en')} not English), "
          f"{len(texts['headlines'])} headlines, {len(texts['sentences'])} body sentences")
    print(f"{'identifier':<24} {'load s':>7} {'model MB':>9} {'bodies':>8} {'headlines':>10} {'sentences':>10} {'bodies/s':>9}")
    for name, (load, identify) in identifiers().items():
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        load()
        loaded = time.perf_counter() - started
        memory = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        scores = {kind: sum(identify(text) == language for text, language in pairs) for kind, pairs in texts.items()}
        started = time.perf_counter()
        for _ in range(20):
            for text in bodies:
                identify(text)
        rate = 20 * len(bodies) / (time.perf_counter() - started)
        print(f"{name:<24} {loaded:>7.2f} {memory:>9.0f} "
              + " ".join(f"{scores[k]:>{w}}/{len(texts[k])}".rjust(w + 4) for k, w in (("bodies", 3), ("headlines", 3), ("sentences", 3)))
              + f" {rate:>9.0f}")
        wrong = [(text[:60], language, identify(text)) for text, language in texts["sentences"] if identify(text) != language]
        for text, language, said in wrong[:8]:
            print(f"    sentence {language}→{said or '?'}: {text}")


if __name__ == "__main__":
    main()
