"""Write the raw byte files of fixtures/decode.json into fixtures/raw/decode/.

Each is a small piece of the seed notice (or a real pattern of damage) in the encoding a
notice really arrives in. Run from the repository root: python scripts/make_decode_fixtures.py
"""

from __future__ import annotations

import base64
import codecs
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "raw" / "decode"

HANS = "深圳市罗湖区人民政府\n“干”字当头、实干为先！罗湖召开全区高质量发展大会\n来源：罗湖区委宣传部 发布时间：2024-02-19\n"
HANT = "深圳市羅湖區人民政府\n“干”字當頭、實干為先！羅湖召開全區高質量發展大會\n來源：羅湖區委宣傳部 發布時間：2024-02-19\n"
FOOTER = "版权所有：深圳市罗湖区人民政府 联系我们\n"
# A 1×1 transparent PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


def page(charset: str | None, body: str) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"<!DOCTYPE html>\n<html><head>{meta}<title>羅湖</title></head>\n<body><p>{body}</p></body></html>\n"


FILES = {
    "gbk_utf8_footer.txt": HANS.encode("gbk") * 2 + FOOTER.encode("utf-8"),
    "big5_utf8_footer.txt": HANT.encode("big5") * 2 + FOOTER.encode("utf-8"),
    "gbk_truncated.txt": HANS.encode("gbk") + "罗".encode("gbk")[:1],
    "utf8_truncated.txt": HANS.encode("utf-8") + "罗".encode()[:2],
    "gbk_nul_padded.txt": HANS.encode("gbk").replace(b"\n", b"\n\x00\x00\x00"),
    "utf16le_nobom.txt": HANS.encode("utf-16-le"),
    "utf16be_nobom_han_only.txt": "深圳市罗湖区人民政府发布".encode("utf-16-be"),
    "utf32le_nobom.txt": HANT.encode("utf-32-le"),
    "utf8_bom.txt": codecs.BOM_UTF8 + HANS.encode("utf-8"),
    "hz.txt": HANS.replace("“", "").replace("”", "").replace("！", "，").encode("hz"),
    "gbk_declared_utf8.html": page("utf-8", HANS).encode("gbk"),
    "gbk_declared_gb2312.html": page("gb2312", HANT).encode("gbk"),
    "big5_declared_gbk.html": page("gbk", HANT).encode("big5"),
    "gbk_declared_big5_xml.xml": f'<?xml version="1.0" encoding="big5"?>\n<notice>{HANS}</notice>\n'.encode("gbk"),
    "gbk_dashes_declared_gb2312.html": page("gb2312", "实干为先——罗湖·深圳").encode("gbk"),
    "cp950_tilde.txt": "會期：2月18日～2月19日\n羅湖區人民政府".encode("cp950"),
    "big5hkscs_cantonese.txt": "香港特別行政區政府：啲嘢要做好".encode("big5hkscs"),
    "big5_headline.txt": "推動羅湖高質量發展邁出新步伐".encode("big5"),
    "gbk_headline.txt": "推动罗湖高质量发展迈出新步伐".encode("gbk"),
    "gbk_two_chars.txt": "壁垒".encode("gbk"),
    "big5_one_char.txt": "賦".encode("big5"),
    "utf8_pinyin.txt": "Luóhú Qū Rénmín Zhèngfǔ\n".encode(),
    "ascii_even.txt": b"Press release 2024\n",
    "empty.txt": b"",
    "pixel.png": PNG,
    "random.bin": bytes((i * 7919 + 13) % 256 for i in range(2048)),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, raw in FILES.items():
        (OUT / name).write_bytes(raw)
    print(f"{OUT}: {len(FILES)} files")


if __name__ == "__main__":
    main()
