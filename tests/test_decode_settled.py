"""Decode asks chardet only when its answer could change the result. The shortcut must give
exactly what the full ranking with chardet's real answer gives, and chardet must only ever
answer what the shortcut foresees."""

from __future__ import annotations

import random

import fanjian.decode.choose as decode_module
from fanjian.decode import candidates, decode
from fanjian.errors import InputError
from fanjian.zh.plausibility import char_score, score

from .conftest import ROOT
from .decode_corpus import samples, texts

THROUGH_CANDIDATES = ("utf-8", "gb2312", "gbk", "gb18030", "big5", "cp950", "big5hkscs")


def _inputs() -> list[bytes]:
    chosen = [s.raw for s in samples() if s.encoding in THROUGH_CANDIDATES][::3]
    fixtures = sorted(p for p in (ROOT / "fixtures/raw/decode").iterdir() if p.is_file())
    return chosen + [p.read_bytes() for p in fixtures]


def _result(raw: bytes):
    try:
        return decode(raw)
    except InputError as err:
        return str(err)


def test_shortcut_picks_what_chardet_would(monkeypatch):
    inputs = _inputs()
    fast = [_result(raw) for raw in inputs]
    answers, chardet = [], decode_module.chardet_guess

    def chardet_recorded(raw):
        answers.append((raw, chardet(raw)))
        return answers[-1][1]

    monkeypatch.setattr(candidates.Candidates, "decisive", lambda self: None)
    monkeypatch.setattr(candidates.Candidates, "settled", lambda self: None)
    monkeypatch.setattr(decode_module, "chardet_guess", chardet_recorded)
    assert [_result(raw) for raw in inputs] == fast
    foreseen = set(candidates.chardet_answers())
    assert len(answers) > 300
    for raw, (guess, confidence) in answers:
        assert guess is None or guess in foreseen
        assert 0.0 <= confidence <= 1.0
        if guess == "big5hkscs":  # named Big5 whenever the bytes decode as Big5
            assert candidates.Candidates(raw, [])._answerable(guess)


def test_decisive_reading_is_the_settled_one_with_full_confidence():
    """The bound on a reading's start stands in for its whole score: where it settles the
    choice, scoring every reading in full picks the same reading with confidence 1.0."""
    taken = 0
    for raw in _inputs():
        raw = raw.replace(b"\0", b"")
        if raw.isascii() or decode_module.control_bytes(raw):
            continue
        favoured = ["utf-8"] if decode_module.strict(raw, "utf-8") else []
        for declared in (None, "big5", "gb18030"):
            codecs = [declared, *favoured] if declared else favoured
            decisive = candidates.Candidates(raw, codecs).decisive()
            if decisive is None:
                continue
            full = candidates.Candidates(raw, codecs)
            settled = full.settled()
            assert settled is not None and settled.codec == decisive.codec
            assert candidates.posterior_share(full.readings(None), settled) == 1.0
            taken += 1
    assert taken > 300


def test_big5_notice_is_named_big5_without_chardet(monkeypatch):
    raw = texts()["seed-hant"][:2000].encode("big5")

    def no_chardet(raw):
        raise AssertionError("chardet asked")

    monkeypatch.setattr(decode_module, "chardet_guess", no_chardet)
    got = decode(raw)
    assert (got.encoding, got.text) == ("big5", raw.decode("big5"))


def test_score_adds_left_to_right_like_a_loop():
    rng = random.Random(5)
    alphabet = "".join(texts().values())[:5000] + "\x00\x01\ue000\ufffdÀάкアㄅ가\U00020000\U0002a6a5"
    for size in (1, 63, 64, 65, 500, 4000):
        for _ in range(20):
            text = "".join(rng.choice(alphabet) for _ in range(size))
            total = 0.0
            for ch in text:
                total += char_score(ch)
            assert score(text) == total
