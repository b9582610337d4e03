"""core.pdf: reports leave Samskap as PDFs built only from their own HTML, and an amount
in a number cell stays on one line."""

import io
import struct
import zlib

from pypdf import PdfReader

from samskap.core.pdf import html_to_pdf


def _png() -> bytes:
    """A 1×1 PNG: WeasyPrint embeds it as an image if it may read the file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _lines(pdf: bytes) -> list[str]:
    return [
        line.strip()
        for page in PdfReader(io.BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
        if line.strip()
    ]


def test_a_file_on_the_server_is_not_taken_into_the_pdf(tmp_path):
    image = tmp_path / "secret.png"
    image.write_bytes(_png())
    pdf = html_to_pdf(f'<p>Rapport</p><img src="file://{image}" alt="">')
    assert pdf.startswith(b"%PDF")
    assert "Rapport" in _lines(pdf)
    assert b"/Subtype /Image" not in pdf


def test_an_amount_in_a_number_cell_is_never_split_across_lines():
    # Eighteen columns on a landscape page are narrower than the amount: without nowrap
    # it breaks at its spaces ("285 440,00" above "kr").
    cells = "".join('<td class="num">285\u00a0440,00 kr</td>' for _ in range(18))
    lines = _lines(html_to_pdf(f"<table><tr>{cells}</tr></table>"))
    assert sum(line.count("kr") for line in lines) == 18
    assert all("kr" in line and "285" in line for line in lines if "440" in line), lines
