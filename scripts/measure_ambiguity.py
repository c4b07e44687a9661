"""Measure the ambiguity flags against OpenCC's text dictionaries, an independent oracle.

Usage:
    pip download opencc-python-reimplemented==0.1.7 --no-deps -d /tmp/occ
    PYTHONPATH=src python scripts/measure_ambiguity.py /tmp/occ/opencc_python_reimplemented-0.1.7-py2.py3-none-any.whl

For every one-to-many character of the seed and the shared pages (Simplified sources, to
zh-Hant-TW and zh-Hant-HK): flagged, decided otherwise (the output is not the character's
own conversion), or left at the default under a phrase of the wheel's STPhrases. Prints the
positions where the flag and the oracle disagree (the wheel's dictionaries are older than the
installed opencc's, and OpenCC's segmentation may pass over a phrase), then the counts.
"""
import zipfile, glob, dataclasses, sys
from fanjian.pipeline import process
from fanjian.model import SourceInfo
from fanjian.settings import Settings
from fanjian.zh.layout import document
from fanjian.convert.text import profile, convert_text
from fanjian.convert import ambiguity as A
zf=zipfile.ZipFile(sys.argv[1])
phr={}
for name in ("STPhrases","TSPhrases"):
    for l in zf.read(f"opencc/dictionary/{name}.txt").decode().splitlines():
        if "\t" in l: phr.setdefault(name,set()).add(l.split("\t")[0])
S=dataclasses.replace(Settings(),targets=("zh-Hans","zh-Hant-TW","zh-Hant-HK"))
tot=dict(flag=0,nondef=0,defcovered=0,defuncovered=0,flag_in_phrase=0,nochoice=0)
for p in ["seeds/000_6c292aaa073e0d9c.txt"]+sorted(glob.glob("fixtures/pages/*.html")):
    r=process(open(p,"rb").read(),SourceInfo(p),S)
    src=document(r.notice.meta,r.notice.blocks)
    tag=r.bundle["script"]
    tag=profile("\n".join(b.text for b in r.notice.blocks)).source
    if tag!="zh-Hans": continue
    for t,rend in r.renditions.items():
        if t=="zh-Hans": continue
        out=document(rend.meta,rend.blocks).text
        flagged={src.starts[src.labels.index(a.location)]+a.offset for a in rend.ambiguities}
        text=src.text
        for i,c in enumerate(text):
            if c not in A.one_to_many()["s2t"]: continue
            default=convert_text(c,t,"zh-Hans")
            covered=any(text[s:e] in phr["STPhrases"] for s in range(max(0,i-8),i+1) for e in range(i+1,min(len(text),i+9)) if e-s>1)
            if i in flagged:
                tot["flag"]+=1; assert out[i]==default
                if covered: tot["flag_in_phrase"]+=1; print("flag in phrase",p,t,text[i-4:i+5])
            elif out[i]!=default: tot["nondef"]+=1
            elif covered: tot["defcovered"]+=1
            elif A._describe(c, out[i], t, "s2t", "") is None: tot["nochoice"]+=1
            else: tot["defuncovered"]+=1; print("unflagged default no phrase",p,t,repr(text[i-4:i+5]))
print(tot)
