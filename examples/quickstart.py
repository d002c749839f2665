"""Load a bundled report, look at it, validate it: the five-minute tour of gkreport.

Run from the repository root: ``python examples/quickstart.py``.
"""

from pathlib import Path

import gkreport

HERE = Path(__file__).parent

for path in sorted(HERE.glob("*.json")):
    report = gkreport.load(path)
    new = report.applications.new
    print(f"{path.name}: {report.agency} {report.year} ({report.format} format)")
    print(f"  本年新收 {new.total} 件 (自然人 {new.natural_person}, 商业企业 {new.commercial})")
    print(f"  行政复议 {report.appeals.review.total} 件; notes: {len(report.notes)}")

    result = gkreport.validate(report)
    print(f"  {len(result.errors)} error(s), {len(result.warnings)} warning(s)")
    for finding in result.findings[:5]:
        print(f"  [{finding.code}] {finding.location or finding.path}: {finding.message}")
