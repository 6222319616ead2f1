"""The tertial report table "Redovisning av synpunkter och klagomål": counting and exports."""
from casework.reports.counting import count_report, report_for
from casework.reports.model import ReportRow, ReportTable, Unmapped

__all__ = ["ReportRow", "ReportTable", "Unmapped", "count_report", "report_for"]
