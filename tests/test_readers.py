"""Readers for every format and encoding, on fixtures the tests make themselves."""
from __future__ import annotations

import codecs

import pytest

from kg.errors import InputError, MissingPathError
from kg.readers import decode_bytes, iter_paths, read_document_text

SAMPLE = "区政府分管领导和能源局要跟紧落实，确保在9月上旬完成评审。\n北苑热源厂明年冬天必须投入使用。"


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("utf-16"),  # with BOM
        SAMPLE.encode("utf-16-le"),  # without BOM
        SAMPLE.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16le", "utf16be"],
)
def test_text_encodings_decode_to_the_same_text(tmp_path, encoded):
    path = tmp_path / "speech.txt"
    path.write_bytes(encoded)
    assert read_document_text(path) == SAMPLE


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"   \n\t\n", "empty file"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        (b"\x81\xff" * 60, "cannot decode"),
        (b"\xff\xfe" + b"\x00\xd8" * 30, "invalid utf-16"),
    ],
    ids=["empty", "whitespace", "bytes", "png", "garbage", "bad-utf16"],
)
def test_bad_text_files_raise_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_document_text(path)
    text = str(err.value)
    assert str(path) in text and message in text and "\n" not in text


def test_docx_paragraphs_and_table_cells(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("关于印发《重点工作分工》的通知")
    table = d.add_table(rows=2, cols=3)
    for i, cell in enumerate(["序号", "重点任务", "责任部门", "1", "编制温室气体排放清单", "生态环境局"]):
        table.cell(i // 3, i % 3).text = cell
    d.add_paragraph("请结合实际认真落实。")
    path = tmp_path / "plan.docx"
    d.save(path)
    text = read_document_text(path)
    lines = [l for l in text.splitlines() if l]
    assert lines[0] == "关于印发《重点工作分工》的通知"
    assert lines.index("编制温室气体排放清单") + 1 == lines.index("生态环境局")
    assert lines[-1] == "请结合实际认真落实。"


def test_html_keeps_visible_text_only(tmp_path):
    html = (
        "<html><head><title>页面标题</title><style>p{color:red}</style>"
        "<script>var x='脚本';</script></head><body><div>同志们：</div>"
        "<p>能源局要跟紧落实。</p><!-- 注释 --></body></html>"
    )
    path = tmp_path / "speech.html"
    path.write_text(html, encoding="gb18030")
    text = read_document_text(path)
    assert "能源局要跟紧落实。" in text and "同志们：" in text
    assert "脚本" not in text and "color" not in text and "注释" not in text


def test_pdf_text_layer(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "speech.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(50, 750, "区政府分管领导和能源局要跟紧落实。")
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(50, 750, "北苑热源厂明年冬天必须投入使用。")
    c.save()
    text = read_document_text(path)
    assert "能源局要跟紧落实" in text and "北苑热源厂" in text


def test_pdf_without_text_layer_is_an_error(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(10, 10, 100, 100, fill=1)
    c.save()
    with pytest.raises(InputError, match="no text layer"):
        read_document_text(path)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_corrupt_binary_formats_are_errors(tmp_path, suffix):
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"this is not a real file" * 10)
    with pytest.raises(InputError) as err:
        read_document_text(path)
    assert str(path) in str(err.value)


def test_folders_are_read_recursively_in_order_skipping_unsupported(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "a.md").write_text("甲", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("丙", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])] == ["a.md", "b/2.txt"]


def test_missing_path_fails_before_anything_is_read(tmp_path):
    with pytest.raises(MissingPathError, match="nope"):
        list(iter_paths([tmp_path, tmp_path / "nope"]))


def test_decode_bytes_rejects_nul_heavy_binary():
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03" * 100, "x.bin")
