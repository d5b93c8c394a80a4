"""Demo resources: small generated PDFs and a PNG for the Chicago 400 Alliance table and Clean Slate."""

from __future__ import annotations

import struct
import zlib
from typing import Any

from django.core.files.base import ContentFile


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF with one line of text, made here (no downloads)."""
    text = title.replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def tiny_png(width: int = 120, height: int = 60, rgb: tuple[int, int, int] = (120, 40, 140)) -> bytes:
    """A plain-colour PNG, made here."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


# The public toolkit shows these to visitors reading in Spanish.
SPANISH_TITLES = {"Clean Slate: who it covers (graphic)": "Clean Slate: a quién cubre (gráfico)"}


def seed(users: dict[str, Any] | None = None, tables: dict[str, Any] | None = None,
         campaigns: dict[str, Any] | None = None, **_: Any) -> dict[str, Any]:
    """Documents shared with the Chicago 400 Alliance table and the Clean Slate campaign. Idempotent by title."""
    from campaigns.models import Campaign, Resource
    from coalition.models import CoalitionTable, User

    staff = User.objects.filter(role=User.Role.STAFF).order_by("pk").first()
    table = CoalitionTable.objects.filter(name="Chicago 400 Alliance").first()
    clean_slate = Campaign.objects.filter(name="Clean Slate").first()
    made = []
    for title, kind, audience, where, file_name in (
        ("Residency restrictions: talking points", Resource.Kind.TALKING_POINTS, Resource.Audience.PARTNERS,
         {"table": table}, "residency-talking-points.pdf"),
        ("Registry reform memo (staff draft)", Resource.Kind.MEMO, Resource.Audience.STAFF, {"table": table},
         "registry-memo-draft.pdf"),
        ("Clean Slate: who it covers (graphic)", Resource.Kind.GRAPHIC, Resource.Audience.PUBLIC,
         {"campaign": clean_slate}, "clean-slate-graphic.png"),
        ("Clean Slate implementation brief", Resource.Kind.BRIEF, Resource.Audience.ORGANIZERS,
         {"campaign": clean_slate}, "clean-slate-brief.pdf"),
    ):
        if not any(where.values()) or Resource.objects.filter(title=title).exists():
            continue
        data = tiny_png() if file_name.endswith(".png") else tiny_pdf(title)
        resource = Resource(title=title, kind=kind, audience=audience, language="en", file_name=file_name,
                            content_type="image/png" if file_name.endswith(".png") else "application/pdf",
                            size=len(data), uploaded_by=staff, **where)
        resource.title_es = SPANISH_TITLES.get(title, "")
        resource.file.save(file_name, ContentFile(data), save=False)
        resource.save()
        made.append(resource)
    return {"resources": made}
