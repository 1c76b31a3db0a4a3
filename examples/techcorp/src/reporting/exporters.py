"""Render reports to PDF (reportlab), Excel (openpyxl) and CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from users.models import Organization
from utils.config import settings
from utils.dates import format_date, utcnow
from utils.logging import get_logger
from utils.money import format_money
from utils.validation import sanitize_filename

from .builders import Report, ReportTable

if TYPE_CHECKING:
    from billing.models import Invoice

log = get_logger(__name__)

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _cell(table: ReportTable, column: str, value: object) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    if column in table.money_columns:
        return format_money(value)  # type: ignore[arg-type]
    if hasattr(value, "strftime"):
        return format_date(value)  # type: ignore[arg-type]
    return str(value)


def _title(report: Report, organization: Organization | None) -> str:
    org = f"{organization.name} · " if organization else ""
    return f"{org}{report.name} — {report.period}"


def to_pdf(report: Report, organization: Organization | None = None) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=report.name, author="TechCorp Reporting")
    styles = getSampleStyleSheet()
    story = [
        Paragraph(_title(report, organization), styles["Title"]),
        Paragraph(f"Generated {format_date(utcnow(), '%d %b %Y %H:%M UTC')}", styles["Normal"]),
        Spacer(1, 12),
    ]
    for index, table in enumerate(report.tables):
        if index and index % 3 == 0:
            story.append(PageBreak())
        story.append(Paragraph(table.title, styles["Heading2"]))
        if table.frame.empty:
            story.append(Paragraph("No data for this period.", styles["Italic"]))
            continue
        columns = list(table.frame.columns)
        data = [columns] + [[_cell(table, c, row[c]) for c in columns] for _, row in table.frame.iterrows()]
        grid = Table(data, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F3A5F")),
                    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F5F9")]),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                ]
            )
        )
        story.append(grid)
        for note in table.notes:
            story.append(Paragraph(note, styles["Italic"]))
        story.append(Spacer(1, 12))
    doc.build(story)
    return buffer.getvalue()


def to_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report.tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        columns = list(table.frame.columns)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
            cell.alignment = Alignment(horizontal="center")
        for row in table.frame.itertuples(index=False):
            sheet.append([None if v != v else (float(v) if c in table.money_columns else v) for c, v in zip(columns, row)])
        for idx, column in enumerate(columns, start=1):
            letter = get_column_letter(idx)
            sheet.column_dimensions[letter].width = max(12, len(str(column)) + 2)
            if column in table.money_columns:
                for cell in sheet[letter][1:]:
                    cell.number_format = "#,##0.00"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for table in report.tables:
        writer.writerow([f"# {table.title}"])
        writer.writerow(list(table.frame.columns))
        for _, row in table.frame.iterrows():
            writer.writerow([_cell(table, c, row[c]) for c in table.frame.columns])
        writer.writerow([])
    return out.getvalue().encode("utf-8-sig")


RENDERERS = {"pdf": to_pdf, "xlsx": to_xlsx, "csv": to_csv}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


def render(report: Report, fmt: str, organization: Organization | None = None) -> bytes:
    if fmt == "pdf":
        return to_pdf(report, organization)
    try:
        return RENDERERS[fmt](report)  # type: ignore[operator]
    except KeyError:
        raise ValueError(f"unsupported export format {fmt!r}") from None


def write_export(report: Report, fmt: str, organization: Organization | None = None) -> Path:
    """Render and store under ``settings.report_export_dir``; returns the path."""
    directory = Path(settings.report_export_dir)
    directory.mkdir(parents=True, exist_ok=True)
    stem = sanitize_filename(f"{report.name}_{report.period}")
    path = directory / f"{stem}.{fmt}"
    path.write_bytes(render(report, fmt, organization))
    log.info("export written", extra={"path": str(path), "rows": report.row_count})
    return path


def invoice_register_rows(invoices: list[Invoice]) -> list[list[str]]:
    """Flat rows for the accountants' invoice register export."""
    return [
        [
            inv.number or "",
            format_date(inv.issued_at) if inv.issued_at else "",
            inv.currency,
            format_money(inv.subtotal, inv.currency),
            format_money(inv.tax, inv.currency),
            format_money(inv.total, inv.currency),
            inv.status.value,
        ]
        for inv in invoices
    ]
