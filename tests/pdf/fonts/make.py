"""Writes the test fonts of this folder (README.md) from Literata Regular:
python3 make.py path/to/Literata-Regular.ttf"""
import os
import sys

from fontTools import subset
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.ttLib import TTFont

HEADER = 'languagesystem DFLT dflt; languagesystem latn dflt;\n'
CASES = {
    'kerned-space.ttf': 'feature kern { pos A V -80; pos space T -120; } kern;',
    'contextual-space.ttf': "feature calt { sub a' space b by c; } calt;",
    'plain-kerning.ttf': '@LEFT = [A T space]; @RIGHT = [V o];\n'
    'feature kern { pos A V -80; pos T o -60; pos @LEFT @RIGHT 0; } kern;',
}
NAMES = {1: 'Unspool Test', 3: 'Unspool Test', 4: 'Unspool Test', 6: 'UnspoolTest', 16: 'Unspool Test'}


def base(source):
    font = TTFont(source)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ['*']
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(range(0x20, 0x7F)))
    subsetter.subset(font)
    for tag in ('GSUB', 'GPOS', 'GDEF'):
        if tag in font:
            del font[tag]
    # A modified version: renamed.
    for record in font['name'].names:
        if record.nameID in NAMES:
            record.string = NAMES[record.nameID]
    return font


for name, features in CASES.items():
    font = base(sys.argv[1])
    addOpenTypeFeaturesFromString(font, HEADER + features)
    font.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), name))
