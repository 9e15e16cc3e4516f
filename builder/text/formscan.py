"""What a downloadable form contains, read piece by piece, or why it cannot be read.

A form is published byte for byte, so the personal-data guard must see its text. Each format
is read the way its program shows it: every cell, paragraph, table row, comment and metadata
field is its own piece (issue 12: a docx scanned as one string read an ID number and the mobile
number in the next cell as one run of digits, and found neither). Formats that cannot be read
reliably are refused with the list of accepted ones, rather than published unscanned:

| accepted | read as |
| --- | --- |
| .docx .xlsx .pptx .odt .ods .odp | the XML parts of the zip: every paragraph/cell/shared string, attributes, metadata; embedded images' metadata |
| .pdf | pypdf: each page's text, the document information and XMP metadata |
| .txt .csv | UTF-8, or UTF-16 with its byte-order mark, or GB 18030; each line |

Refused: .doc .xls .ppt .wps .et .rtf (binary or code-page formats), archives (.zip .rar .7z),
images (pixels may show any number and cannot be read without OCR), web files (.html .js .svg:
they would run as the portal, see deploy/nginx.conf), anything else; office files holding
embedded files (OLE objects, macros, nested archives); encrypted PDFs or PDFs with attachments.

Bounds, checked before anything is decompressed: at most MAX_UNPACKED bytes in all (the sizes
declared in the zip directory, which Python's zipfile never reads past), MAX_PARTS parts, and
MAX_PDF_PAGES pages.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from xml.etree import ElementTree as ET

ACCEPTED: dict[str, str] = {
    ".docx": "Word 文档（DOCX）",
    ".xlsx": "Excel 表格（XLSX）",
    ".pptx": "PowerPoint 演示文稿（PPTX）",
    ".odt": "ODF 文档（ODT）",
    ".ods": "ODF 表格（ODS）",
    ".odp": "ODF 演示文稿（ODP）",
    ".pdf": "PDF 文档",
    ".txt": "纯文本（TXT）",
    ".csv": "逗号分隔表格（CSV）",
}
ZIP_FORMATS = frozenset({".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"})
TEXT_FORMATS = frozenset({".txt", ".csv"})

MAX_UNPACKED = 64 * 1024 * 1024
MAX_PARTS = 5000
MAX_PDF_PAGES = 500
MAX_PDF_BYTES = 50 * 1024 * 1024

_WHY_REFUSED = {
    ".doc": "旧版 Word 格式（DOC）无法可靠地检查其中的文字",
    ".xls": "旧版 Excel 格式（XLS）无法可靠地检查其中的文字",
    ".ppt": "旧版 PowerPoint 格式（PPT）无法可靠地检查其中的文字",
    ".wps": "WPS 文字格式无法可靠地检查其中的文字",
    ".et": "WPS 表格格式无法可靠地检查其中的文字",
    ".rtf": "RTF 格式无法可靠地检查其中的文字",
    ".zip": "压缩包中的文件无法逐一检查",
    ".rar": "压缩包中的文件无法逐一检查",
    ".7z": "压缩包中的文件无法逐一检查",
    ".html": "网页文件会在门户网站中运行，不能作为表格发布",
    ".htm": "网页文件会在门户网站中运行，不能作为表格发布",
    ".js": "脚本文件会在门户网站中运行，不能作为表格发布",
    ".svg": "SVG 图片可含脚本，会在门户网站中运行，不能作为表格发布",
    ".xml": "XML 文件可被浏览器当作网页运行，不能作为表格发布",
}
_IMAGES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"})


class Unscannable(Exception):
    """The file cannot be read reliably; `reason` says why, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def accepted_list() -> str:
    return "、".join(sorted({name for name in ACCEPTED.values()}, key=list(ACCEPTED.values()).index))


def refusal(suffix: str) -> str | None:
    """Why a form of this type is refused (Chinese), or None when it is accepted."""
    suffix = suffix.lower()
    if suffix in ACCEPTED:
        return None
    if suffix in _WHY_REFUSED:
        why = _WHY_REFUSED[suffix]
    elif suffix in _IMAGES:
        why = "图片中的文字（如扫描件上的证件号码）无法检查"
    else:
        why = f"{suffix or '没有扩展名的'}文件无法可靠地检查其中的文字"
    return f"{why}；请另存为以下格式之一再放入：{accepted_list()}"


@dataclass(frozen=True)
class Piece:
    where: str
    """Where in the file, in Chinese: 工作表「Sheet1」的 B3 单元格, 第3段, 第2页."""
    text: str


def pieces(suffix: str, data: bytes) -> Iterator[Piece]:
    """Every piece of text of a form of type `suffix`; raises Unscannable."""
    suffix = suffix.lower()
    why = refusal(suffix)
    if why is not None:
        raise Unscannable(why)
    if suffix in ZIP_FORMATS:
        yield from _zip_pieces(suffix, data)
    elif suffix == ".pdf":
        yield from _pdf_pieces(data)
    else:
        yield from _text_pieces(data)


# --- plain text ---------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16/32 with a BOM, or GB 18030; else Unscannable."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise Unscannable("文件的编码与其开头的编码标记不符，无法读取") from exc
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise Unscannable("无法识别文件的文字编码，请用 UTF-8 保存")


def _text_pieces(data: bytes) -> Iterator[Piece]:
    text = decode_text(data)
    if "\x00" in text:
        raise Unscannable("文件中含有二进制内容，不是纯文本")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield Piece(f"第{number}行", line)


# --- office files (zip of XML parts) -------------------------------------------------------------

# Elements that are one piece of text as the program shows it: a paragraph (Word, PowerPoint,
# ODF), a cell or inline string (Excel), a shared string (Excel).
_BLOCKS = frozenset({"p", "h", "si", "c", "is", "table-cell"})
_XML_PARTS = (".xml", ".rels", ".vml")
_MEDIA = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise Unscannable("文件已损坏或并非它的扩展名所示的格式，无法打开") from exc
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise Unscannable(f"文件由 {len(infos)} 个部分组成，超过上限 {MAX_PARTS}，无法检查")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise Unscannable(
            f"文件解压后有 {total // (1024 * 1024)} MB，超过上限 {MAX_UNPACKED // (1024 * 1024)} MB"
            "（可能是“压缩炸弹”），无法检查"
        )
    if any(i.flag_bits & 0x1 for i in infos):
        raise Unscannable("文件已加密，无法检查其中的文字；请去掉密码后再放入")
    return archive


MAX_SHEET_ROWS = 20_000
MAX_SHEET_CELLS = 200_000
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)[\s/>]")


def workbook_too_large(data: bytes) -> str | None:
    """Why a workbook is too large to open (Chinese), or None; read before openpyxl opens it,
    which holds every cell in memory (issue 12: a 1.5 MB zip bomb ran for minutes at 3 GB, a
    million-row sheet ended in MemoryError). Counts rows and cells by streaming the XML. A file
    that is not a zip at all is left to the reader, whose message says how to convert it."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return None
    try:
        archive = _open_zip(data)
    except Unscannable as exc:
        return exc.reason
    with archive:
        rows = cells = 0
        for info in archive.infolist():
            if not info.filename.startswith("xl/worksheets/"):
                continue
            tail = b""
            with archive.open(info) as f:
                while True:
                    chunk = f.read(1 << 20)
                    block = tail + chunk
                    # A tag cut by the chunk's end is counted with the next chunk.
                    cut = len(block) - 16 if chunk else len(block)
                    for m in _ROW_OR_CELL.finditer(block, 0, len(block)):
                        if m.start() >= cut:
                            break
                        if m.group(1) == b"row":
                            rows += 1
                        else:
                            cells += 1
                    if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                        return (
                            f"工作簿超过 {MAX_SHEET_ROWS} 行或 {MAX_SHEET_CELLS} 个单元格，未读取："
                            "花名册每人一行，请删除多余的行（包括只有格式、没有内容的空行）后再导入"
                        )
                    if not chunk:
                        break
                    tail = block[cut:]
    return None


def _zip_pieces(suffix: str, data: bytes) -> Iterator[Piece]:
    with _open_zip(data) as archive:
        names = [i.filename for i in archive.infolist() if not i.is_dir()]
        sheets = _sheet_names(archive) if suffix == ".xlsx" else {}
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            shared = [text for _, text in _blocks(archive.read("xl/sharedStrings.xml"), only="si")]
        used: set[int] = set()
        paragraph = 0
        for name in names:
            lower = name.lower()
            if lower.endswith(_XML_PARTS):
                raw = archive.read(name)
                for m in _COMMENT.finditer(raw):
                    yield Piece(f"{_part_words(name)}的注释", (m.group(1) or m.group(2) or b"").decode("utf-8", "replace"))
                if name == "xl/sharedStrings.xml":
                    continue
                if name in sheets:
                    yield from _sheet_pieces(raw, sheets[name], shared, used)
                    continue
                for kind, text in _blocks(raw):
                    if kind in ("p", "h"):
                        paragraph += 1
                        yield Piece(f"{_part_words(name)}第{paragraph}段", text)
                    else:
                        yield Piece(_part_words(name), text)
            elif lower.endswith(_MEDIA) or "/printersettings/" in f"/{lower}":
                # Images (media, thumbnails) and Excel's printer settings: only their text can
                # be read (metadata, the printer's name); the pixels cannot.
                for text in image_metadata(archive.read(name)):
                    yield Piece(f"内嵌的 {posixpath.basename(name)} 的文字信息", text)
            elif lower in ("mimetype",) or lower.endswith((".txt",)):
                yield from (Piece(name, line) for line in archive.read(name).decode("utf-8", "replace").splitlines())
            else:
                raise Unscannable(
                    f"文件内嵌了其他文件（{posixpath.basename(name)}），例如嵌入的对象、宏或压缩包，"
                    "其中的内容无法检查；请删除内嵌对象后再放入"
                )
        for i, text in enumerate(shared):
            if i not in used:
                yield Piece(f"共享字符串第{i + 1}项", text)


def _part_words(name: str) -> str:
    if name in ("word/document.xml", "content.xml"):
        return "正文"
    if name.startswith("docProps/") or name == "meta.xml":
        return "文件属性（作者、标题等）"
    if name.startswith("ppt/slides/slide"):
        return f"第{re.sub(r'[^0-9]', '', posixpath.basename(name)) or '?'}张幻灯片"
    return f"{name} "


def _parse(raw: bytes) -> Iterator[tuple[str, ET.Element]]:
    try:
        yield from ET.iterparse(io.BytesIO(raw), events=("start", "end"))
    except ET.ParseError as exc:
        raise Unscannable("文件中的 XML 内容已损坏，无法检查") from exc


# XML comments and processing instructions: no program shows them, but they are published.
_COMMENT = re.compile(rb"<!--(.*?)-->|<\?(.*?)\?>", re.S)


def _blocks(raw: bytes, only: str | None = None) -> Iterator[tuple[str, str]]:
    """(block kind, text) of every block element; text outside blocks and every attribute
    value are pieces of their own."""
    depth = 0
    for event, elem in _parse(raw):
        kind = _local(elem.tag)
        if event == "start":
            if kind in _BLOCKS:
                depth += 1
            continue
        if only is None:
            for value in elem.attrib.values():
                if value.strip():
                    yield "attr", value
        if kind in _BLOCKS and (only is None or kind == only):
            depth -= 1
            if depth == 0:
                text = "".join(elem.itertext())
                if text.strip():
                    yield kind, text
                elem.clear()
        elif kind in _BLOCKS:
            depth -= 1
        elif depth == 0 and only is None:
            if elem.text and elem.text.strip():
                yield "text", elem.text
            elem.clear()


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name of each worksheet → its name as Excel shows it."""
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, str] = {}
    for sheet in book.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        out[part] = sheet.get("name", part)
    return out


def _sheet_pieces(raw: bytes, sheet: str, shared: list[str], used: set[int]) -> Iterator[Piece]:
    for event, elem in _parse(raw):
        if event != "end":
            continue
        kind = _local(elem.tag)
        if kind == "c":
            ref = elem.get("r", "?")
            where = f"工作表「{sheet}」的 {ref} 单元格"
            texts: list[str] = []
            for child in elem:
                name = _local(child.tag)
                if name == "v" and child.text:
                    if elem.get("t") == "s" and child.text.strip().isdigit():
                        index = int(child.text)
                        used.add(index)
                        texts.append(shared[index] if index < len(shared) else "")
                    else:
                        texts.append(child.text)
                elif name in ("is", "f"):
                    texts.append("".join(child.itertext()))
            for text in texts:
                if text.strip():
                    yield Piece(where, text)
            elem.clear()
        elif kind == "row":
            elem.clear()
        elif kind not in ("v", "is", "f", "t", "r", "rPr"):
            for value in elem.attrib.values():
                if value.strip():
                    yield Piece(f"工作表「{sheet}」", value)


# --- images embedded in office files: their metadata ---------------------------------------------

_PRINTABLE = re.compile(rb"[\x20-\x7e\x80-\xff]{6,}")
_UTF16 = re.compile(rb"(?:[\x20-\x7e]\x00){6,}")


def image_metadata(data: bytes) -> Iterator[str]:
    """The text an image carries besides its pixels: PNG text chunks (compressed ones
    unpacked), and readable runs of the bytes (EXIF, XMP, JPEG comments, in UTF-8 or UTF-16)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        at = 8
        while at + 8 <= len(data):
            length = int.from_bytes(data[at : at + 4], "big")
            kind = data[at + 4 : at + 8]
            body = data[at + 8 : at + 8 + length]
            at += 12 + length
            if kind == b"zTXt":
                _, _, rest = body.partition(b"\x00")
                yield _inflate(rest[1:]).decode("latin-1")
            elif kind == b"iTXt":
                keyword, _, rest = body.partition(b"\x00")
                compressed = rest[:1] == b"\x01"
                parts = rest[2:].split(b"\x00", 2)
                text = parts[2] if len(parts) == 3 else b""
                yield keyword.decode("latin-1") + " " + (_inflate(text) if compressed else text).decode("utf-8", "replace")
    for m in _PRINTABLE.finditer(data):
        yield m.group().decode("utf-8", "replace")
    for m in _UTF16.finditer(data):
        yield m.group().decode("utf-16-le")


def _inflate(data: bytes) -> bytes:
    decompressor = zlib.decompressobj()
    try:
        out = decompressor.decompress(data, 1024 * 1024)
    except zlib.error as exc:
        raise Unscannable("内嵌图片的文字信息已损坏，无法检查") from exc
    return out


# --- PDF -----------------------------------------------------------------------------------------


def _pdf_pieces(data: bytes) -> Iterator[Piece]:
    if len(data) > MAX_PDF_BYTES:
        raise Unscannable(f"PDF 文件超过 {MAX_PDF_BYTES // (1024 * 1024)} MB，无法检查")
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Unscannable("PDF 文件已加密，无法检查其中的文字；请去掉密码后再放入")
        root = reader.trailer["/Root"]
        names = root.get("/Names") if hasattr(root, "get") else None
        if reader.attachments or (names is not None and "/EmbeddedFiles" in names.get_object()):
            raise Unscannable("PDF 文件带有附件，其中的内容无法检查；请删除附件后再放入")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise Unscannable(f"PDF 文件有 {len(reader.pages)} 页，超过上限 {MAX_PDF_PAGES} 页，无法检查")
        info: Mapping[str, object] = reader.metadata or {}
        for key, value in info.items():
            if isinstance(value, str) and value.strip():
                yield Piece(f"文件属性 {key.lstrip('/')}", value)
        xmp = root.get("/Metadata") if hasattr(root, "get") else None
        if xmp is not None:
            for _, text in _blocks(xmp.get_object().get_data()):
                yield Piece("文件属性（XMP）", text)
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            for line in text.splitlines():
                if line.strip():
                    yield Piece(f"第{number}页", line)
    except Unscannable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise Unscannable("PDF 文件已损坏或结构异常，无法检查其中的文字") from exc
