"""The render layer: what a story looks like in JSON, Markdown and HTML.

`export` writes the documents, `report_view` prepares a story for the templates,
`timeline_picture` lays out the timeline drawing, `templates/` holds the Jinja templates.
"""
