"""接入码通知单: one slip per village, three to a page, read back from the PDF."""
import re
from datetime import date

import pytest
from pypdf import PdfReader

from dongan_desk.documents.access_slips import AccessSlip, write_access_slips

SLIPS = [AccessSlip("兴田村", "500229115201", "K7QM-3XWA-9TPR-CE4H"),
         AccessSlip("德安村", "500229115202", "ABCD-EFGH-JKMN-PQRS"),
         AccessSlip("东安社区", "500229115203", "WXYZ-2345-6789-ABCD"),
         AccessSlip("花园村", "500229115204", "MNPQ-RSTU-VWXY-Z234")]


def page_texts(path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages]


def test_each_village_has_its_slip_with_name_code_and_where_to_type_it(tmp_path):
    target = write_access_slips(tmp_path / "slips.pdf", town_name="东安镇", slips=SLIPS,
                                issued_on=date(2026, 5, 3))
    texts = page_texts(target)
    assert len(texts) == 2  # three slips to a page
    whole = "".join(texts)
    for slip in SLIPS:
        assert slip.unit_name in whole and slip.unit_code in whole and slip.access_code in whole
    assert whole.count("在哪里填写") == len(SLIPS)
    assert "设置" in whole and "本单位信息" in whole and "2026年5月3日" in whole
    assert PdfReader(target).metadata.title == "东安镇接入码通知单"
    assert "花园村" in texts[1] and "花园村" not in texts[0]


def test_no_village_no_file(tmp_path):
    with pytest.raises(ValueError):
        write_access_slips(tmp_path / "none.pdf", town_name="东安镇", slips=[], issued_on=date.today())
    assert not (tmp_path / "none.pdf").exists()
