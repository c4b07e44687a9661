"""The page builder `h` writes what lxml's HTML serialiser writes for the same tree, and
only text it escaped itself ever becomes markup."""

import random

import pytest
from lxml import etree

from fanjian.emit.html import BASE_CSS, Markup, csp, h, page, xml_text

# Characters each escaping rule is about, and some that must pass untouched.
ALPHABET = list("ab 中文") + ["&", "<", ">", '"', "'", "\r", "\n", "\t", "\x00", "\x0b", "\x7f", "\x85",
                              "\xa0", "\u3000", "\ufffe", "\ud800", "é", "😀", "%", "=", "/", ":", "#", "&amp;"]
ATTRIBUTES = [("a", "href"), ("img", "src"), ("form", "action"), ("a", "name"), ("meta", "name"),
              ("span", "title"), ("td", "class"), ("a", "hreflang"), ("meta", "content"), ("time", "datetime")]


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 8)))


def random_tree(rng: random.Random, depth: int = 0):
    """(tag, attributes, children): children are texts and subtrees."""
    tag, attr = rng.choice(ATTRIBUTES)
    attrs = {attr: random_text(rng)} if rng.random() < 0.7 else {}
    if rng.random() < 0.3:
        attrs["id"] = random_text(rng)
    if tag in ("img", "meta"):
        return tag, attrs, []
    children = [random_tree(rng, depth + 1) if depth < 3 and rng.random() < 0.4 else random_text(rng)
                for _ in range(rng.randrange(0, 4))]
    return tag, attrs, children


def with_builder(tree):
    tag, attrs, children = tree
    kwargs = {(name + "_" if name == "class" else name): value for name, value in attrs.items()}
    return h(tag, *[c if isinstance(c, str) else with_builder(c) for c in children], **kwargs)


def with_lxml(tree):
    tag, attrs, children = tree
    el = etree.Element(tag)
    for name, value in attrs.items():
        el.set(name, xml_text(value))
    last = None
    for child in children:
        if isinstance(child, str):
            if last is None:
                el.text = (el.text or "") + xml_text(child)
            else:
                last.tail = (last.tail or "") + xml_text(child)
        else:
            last = with_lxml(child)
            el.append(last)
    return el


@pytest.mark.parametrize("seed", range(8))
def test_builder_writes_what_lxml_writes(seed):
    rng = random.Random(seed)
    for _ in range(300):
        tree = random_tree(rng)
        assert with_builder(tree).encode("utf-8") == etree.tostring(with_lxml(tree), method="html", encoding="utf-8")


def test_a_page_is_what_lxml_writes():
    body = [("p", {}, ["甲<b>", ("a", {"href": " /x y.html"}, ["乙"])]), ("img", {"src": "a.png", "alt": '"丙"'}, [])]
    head = [("meta", {"charset": "utf-8"}, []), ("meta", {"http-equiv": "Content-Security-Policy", "content": csp(BASE_CSS)}, []),
            ("meta", {"name": "referrer", "content": "no-referrer"}, []),
            ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}, []),
            ("title", {}, ["标题&"]), ("style", {}, [BASE_CSS])]
    tree = ("html", {"lang": "zh-Hant"}, [("head", {}, head), ("body", {}, body)])
    expected = b"<!DOCTYPE html>\n" + etree.tostring(with_lxml(tree), method="html", encoding="utf-8") + b"\n"
    assert page("标题&", "zh-Hant", [with_builder(b) for b in body]) == expected


def test_only_built_markup_passes_unescaped():
    inner = h("b", "x")
    assert h("p", inner) == "<p><b>x</b></p>"
    # A string made from markup is a plain str again, so it is text.
    assert h("p", inner + "<i>") == "<p>&lt;b&gt;x&lt;/b&gt;&lt;i&gt;</p>"
    assert h("p", Markup.__new__(str, "<i>")) == "<p>&lt;i&gt;</p>"


def test_style_text_that_could_end_it_is_refused():
    assert h("style", "a{color:red}") == "<style>a{color:red}</style>"
    with pytest.raises(ValueError):
        h("style", "</style><script>alert(1)</script>")
    with pytest.raises(ValueError):
        h("img", "text", src="a.png")


def test_only_tag_names_are_tags_and_any_value_is_an_attribute():
    with pytest.raises(ValueError):
        h("p onclick=alert(1)", "x")
    assert h("td", "x", title=["a<b"]) == "<td title=\"['a&lt;b']\">x</td>"


@pytest.mark.parametrize("seed", range(4))
def test_fill_writes_what_h_writes(seed):
    """Texts escaped in one pass (`fill`) come out as `h` escapes each alone, the joiner
    of the pass itself included."""
    from fanjian.emit.html import SLOT, around, fill, shape
    rng = random.Random(seed)
    alphabet = ALPHABET + ["\u241f", "%s", "%"]
    for _ in range(100):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 6))) for _ in range(rng.randrange(0, 9))]
        title = "".join(rng.choice(alphabet) for _ in range(4))
        start, end = around("td", title=title)
        fmt = "".join(start + "%s" + end if i % 2 else shape(h("li", SLOT, h("b", "%"), class_=title)) for i in range(len(texts)))
        expected = "".join(h("td", t, title=title) if i % 2 else h("li", t, h("b", "%"), class_=title) for i, t in enumerate(texts))
        assert fill(fmt, texts) == expected
