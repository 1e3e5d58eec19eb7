#!/usr/bin/env python3
"""Writes tests/fixtures/one-to-many.oracle.json: the output of OpenCC 1.4.2 (the `opencc`
package on PyPI, used only as a test oracle) for every line of tests/fixtures/one-to-many.txt in
every config the engine implements. Re-run after changing the sentences:

    python3 -m venv target/oracle && target/oracle/bin/pip install opencc==1.4.2
    target/oracle/bin/python scripts/opencc-oracle.py
"""
import json
import pathlib

import opencc

assert opencc.__version__ == "1.4.2", opencc.__version__
CONFIGS = ["s2t", "s2tw", "s2twp", "s2hk", "t2s", "tw2s", "tw2sp", "hk2s"]
root = pathlib.Path(__file__).resolve().parent.parent
lines = [
    line
    for line in (root / "tests/fixtures/one-to-many.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
converters = {c: opencc.OpenCC(c) for c in CONFIGS}
table = [{"input": line, "expected": {c: converters[c].convert(line) for c in CONFIGS}} for line in lines]
out = root / "tests/fixtures/one-to-many.oracle.json"
out.write_text(json.dumps({"opencc": opencc.__version__, "cases": table}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"{len(table)} sentences × {len(CONFIGS)} configs → {out}")
