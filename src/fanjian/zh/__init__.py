"""What several stages know about Chinese text, below every stage: the OpenCC wrapper and
its split (`opencc`, `opencc_split`), the script table and views (`script`), per-character
tables (`chartable`), how plausible a text reads (`plausibility`), jieba's words and tags
(`segment`, over `lexicon` and `tagger`), people (`entities`), places and organisations
(`gazetteer`), numbers (`numerals`, `quantities`), document numbers (`docnumbers`) and
the layout of a notice's texts (`layout`).

Imports only `fanjian.model`, `errors` and `data`; never a stage.
"""
