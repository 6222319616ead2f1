"""The media types of the documents the app hands out (report tables, the lex Sarah utredning)."""

MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv",  # Flask adds charset=utf-8
    "json": "application/json",
}
