"""The handbook's safe markup, turned into HTML with everything escaped: paragraphs
(blank lines), "## " sub-headings, "- " list items, and "| a | b |" tables whose first row
is the header. Nothing else, and never raw HTML."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def to_html(text: str) -> SafeString:
    blocks, lines = [], (text or "").replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
        elif line.startswith("## "):
            blocks.append(f"<h3>{escape(line[3:].strip())}</h3>")
            index += 1
        elif line.startswith("- "):
            items = []
            while index < len(lines) and lines[index].strip().startswith("- "):
                items.append(f"<li>{escape(lines[index].strip()[2:].strip())}</li>")
                index += 1
            blocks.append("<ul>" + "".join(items) + "</ul>")
        elif line.startswith("|") and line.endswith("|"):
            rows = []
            while index < len(lines) and lines[index].strip().startswith("|") \
                    and lines[index].strip().endswith("|"):
                cells = lines[index].strip()[1:-1].split("|")
                rows.append([escape(cell.strip()) for cell in cells])
                index += 1
            head = "".join(f"<th>{cell}</th>" for cell in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                           for row in rows[1:])
            blocks.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        else:
            paragraph = []
            while index < len(lines) and lines[index].strip() and not any(
                    lines[index].strip().startswith(mark) for mark in ("## ", "- ", "|")):
                paragraph.append(escape(lines[index].strip()))
                index += 1
            blocks.append("<p>" + " ".join(paragraph) + "</p>")
    return mark_safe("\n".join(blocks))  # noqa: S308 - every piece above is escaped
