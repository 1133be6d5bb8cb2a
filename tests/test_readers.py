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


@pytest.mark.parametrize(
    "html, title",
    [
        ("<html><head><title>在全区产业发展现场观摩总结会上的讲话</title></head><body><p>同志们：</p></body></html>",
         "在全区产业发展现场观摩总结会上的讲话"),
        ("<html><head><title>关于印发《碳达峰 工作安排》的通知_政府信息公开_某区人民政府</title></head>"
         "<body><p>各街道：</p></body></html>", "关于印发《碳达峰工作安排》的通知"),
        ("<title>讲话 - 新华网</title><p>同志们：</p>", "讲话"),
        ("<body><svg><title>图例</title></svg><p>各街道：</p></body>", None),
    ],
    ids=["title", "site-suffix", "dash-suffix", "svg-title-only"],
)
def test_html_title_is_the_document_title(tmp_path, html, title):
    from kg.documents import load_document

    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = load_document(path)
    assert doc.title == title
    assert "新华网" not in doc.text and "政府信息公开" not in doc.text


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


# ---------------------------------------------------------------- what a folder walk cannot read


def _walk_case(root, case, unreadable):
    """Build one hostile folder layout under root; return the part that cannot be read."""
    (root / "good.txt").write_text("甲", encoding="utf-8")
    if case == "unreadable folder":
        (root / "locked").mkdir()
        (root / "locked" / "x.txt").write_text("乙", encoding="utf-8")
        unreadable(root / "locked")
        return "locked", "cannot read folder (Permission denied)"
    if case == "symlink loop":
        (root / "sub").mkdir()
        (root / "sub" / "loop").symlink_to("..")
        return "sub/loop", "symbolic link loop (back to"
    if case == "file link loop":
        (root / "c.txt").symlink_to("d.txt")
        (root / "d.txt").symlink_to("c.txt")
        return "c.txt", "symbolic link loop"
    if case == "dangling link":
        (root / "gone.txt").symlink_to("nowhere.txt")
        return "gone.txt", "broken symbolic link (to nowhere.txt)"
    if case == "dangling folder link":
        (root / "archive").symlink_to("nowhere")
        return "archive", "broken symbolic link (to nowhere)"
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["unreadable folder", "symlink loop", "file link loop", "dangling link", "dangling folder link"])
def test_what_a_folder_walk_cannot_read_is_named_in_its_place(tmp_path, case, unreadable):
    from kg.readers import ReadFailure

    bad, message = _walk_case(tmp_path, case, unreadable)
    items = list(iter_paths([tmp_path]))
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert [f.path.relative_to(tmp_path).as_posix() for f in failures][:1] == [bad]
    assert message in failures[0].message and "\n" not in failures[0].message
    assert failures[0].message.startswith(str(tmp_path / bad) + ":")
    assert tmp_path / "good.txt" in items


def test_folders_reached_through_links_are_read_once(tmp_path, caplog):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "zlink").symlink_to("real")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "zz").symlink_to(tmp_path / "elsewhere")
    with caplog.at_level("WARNING"):
        got = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert got == ["elsewhere/b.txt", "real/a.txt"]
    assert "zlink: skipped, the same folder as" in caplog.text


def test_a_fifo_is_not_read_it_is_named(tmp_path):
    """Reading a FIFO (or /dev/zero) would wait or run forever: it is named instead."""
    import os
    import threading

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def feed() -> None:  # if the reader did open it, give it text so that the test ends
        with open(fifo, "wb") as f:
            f.write(SAMPLE.encode("utf-8"))

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        with pytest.raises(InputError, match="pipe.txt: not a regular file"):
            read_document_text(fifo)
    finally:
        if writer.is_alive():  # nobody opened it: be the reader the writer waits for
            reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            writer.join(5)
            os.close(reader)


# ---------------------------------------------------------------- stray bytes in UTF-8


def test_stray_bytes_in_utf8_are_replaced_and_their_offsets_named(caplog):
    head = "区政府分管领导和能源局要跟紧落实，"
    data = head.encode("utf-8") + b"\xff\xfe" + "确保在9月上旬完成评审。".encode("utf-8") * 3 + b"\x80"
    with caplog.at_level("WARNING"):
        text = decode_bytes(data, "speech.txt")
    assert text == head + "\ufffd\ufffd" + "确保在9月上旬完成评审。" * 3 + "\ufffd"
    offset = len(head.encode("utf-8"))
    assert f"speech.txt: 3 byte(s) that are not UTF-8 replaced by U+FFFD, at byte offset {offset}, {len(data) - 1}" in caplog.text


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_is_not_mistaken_for_utf8_with_stray_bytes(codec):
    assert decode_bytes(SAMPLE.encode(codec) + b"\n" + "能源局".encode(codec)) == SAMPLE + "\n能源局"


def test_undecodable_text_names_the_first_bad_offset():
    with pytest.raises(InputError, match=r"x.txt: cannot decode as UTF-8 \(invalid byte at offset 4\)"):
        decode_bytes(b"abcd" + b"\x81\xff" * 60, "x.txt")


# ---------------------------------------------------------------- names that are not plain text


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    import os

    from kg.documents import load_document

    raw = os.path.join(os.fsencode(tmp_path), b"a\xff.txt")
    with open(raw, "wb") as f:
        f.write(SAMPLE.encode("utf-8"))
    [path] = iter_paths([tmp_path])
    doc = load_document(path)
    assert doc.doc == "a\\xff.txt" and doc.text == SAMPLE
    doc.doc.encode("utf-8")  # no lone surrogates left


def test_errors_show_a_newline_in_a_file_name_escaped(tmp_path):
    path = tmp_path / "x\nkg: error: forged.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as err:
        read_document_text(path)
    assert "\n" not in str(err.value) and "x\\nkg: error: forged.txt: empty file" in str(err.value)
