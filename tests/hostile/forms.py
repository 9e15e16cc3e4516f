"""Form files of every accepted type, made from scratch, with given texts in adjacent pieces
(cells, paragraphs, lines), plus the tricks a form file can play (nested archives, zip bombs,
metadata). Every type in builder.text.formscan.ACCEPTED must have a maker here: the corpus test
fails for a type added without one.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence

import openpyxl

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _zip(parts: dict[str, bytes | str], *, stored: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def docx(texts: Sequence[str], extra: dict[str, bytes | str] | None = None) -> bytes:
    # Adjacent table cells, each one paragraph: Word shows them apart, so they are apart.
    cells = "".join(f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>" for t in texts)
    body = f'<?xml version="1.0"?><w:document {W}><w:body><w:tbl><w:tr>{cells}</w:tr></w:tbl></w:body></w:document>'
    return _zip({"[Content_Types].xml": CT, "word/document.xml": body, **(extra or {})})


def xlsx(texts: Sequence[str]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for i, t in enumerate(texts, start=1):
        sheet.cell(row=1, column=i, value=int(t) if t.isdigit() and len(t) < 16 else t)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def pptx(texts: Sequence[str]) -> bytes:
    paras = "".join(f"<a:p><a:r><a:t>{t}</a:t></a:r></a:p>" for t in texts)
    slide = (
        '<?xml version="1.0"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:txBody>{paras}</p:txBody></p:sld>'
    )
    return _zip({"[Content_Types].xml": CT, "ppt/slides/slide1.xml": slide})


def _odf(kind: str, texts: Sequence[str]) -> bytes:
    paras = "".join(f"<text:p>{t}</text:p>" for t in texts)
    content = (
        '<?xml version="1.0"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body>{paras}</office:body></office:document-content>"
    )
    return _zip({"mimetype": f"application/vnd.oasis.opendocument.{kind}", "content.xml": content}, stored=True)


def pdf(texts: Sequence[str]) -> bytes:
    """A one-page PDF with each text on its own line (Helvetica, WinAnsi: ASCII texts only)."""
    lines = "".join(f"1 0 0 1 72 {720 - 20 * i} Tm ({t}) Tj " for i, t in enumerate(texts))
    stream = f"BT /F1 12 Tf {lines}ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def txt(texts: Sequence[str]) -> bytes:
    return "\n".join(texts).encode("utf-8")


def csv(texts: Sequence[str]) -> bytes:
    return ("\ufeff" + ",".join(texts) + "\r\n").encode("utf-8")


MAKERS: dict[str, Callable[[Sequence[str]], bytes]] = {
    ".docx": docx,
    ".xlsx": xlsx,
    ".pptx": pptx,
    ".odt": lambda t: _odf("text", t),
    ".ods": lambda t: _odf("spreadsheet", t),
    ".odp": lambda t: _odf("presentation", t),
    ".pdf": pdf,
    ".txt": txt,
    ".csv": csv,
}


def utf16_text(texts: Sequence[str]) -> bytes:
    return "\n".join(texts).encode("utf-16")  # with its byte-order mark, as Notepad saves


def png_with_text(keyword: str, text: str) -> bytes:
    """A 1x1 PNG whose compressed text chunk (zTXt) holds `text`."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    ztxt = keyword.encode() + b"\x00\x00" + zlib.compress(text.encode("latin-1"))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"zTXt", ztxt)
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def docx_with_image_metadata(text: str) -> bytes:
    return docx(["示例"], {"word/media/image1.png": png_with_text("Comment", text)})


def docx_with_nested_archive() -> bytes:
    return docx(["示例"], {"word/embeddings/oleObject1.bin": _zip({"x.txt": "110105198001010016"})})


def zip_bomb_xlsx() -> bytes:
    """A small xlsx whose sheet unpacks to 200 MB of zeros (the directory says so)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CT)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"0" * (1024 * 1024)
            for _ in range(200):
                f.write(block)
    return buf.getvalue()


def million_row_xlsx(rows: int = 1_000_000) -> bytes:
    """A workbook whose one sheet has `rows` tiny rows (about 2 MB compressed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for start in range(1, rows + 1, 10_000):
                f.write(b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r)
                                 for r in range(start, min(start + 10_000, rows + 1))))
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()
