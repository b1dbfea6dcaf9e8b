"""The report: the dataset, its problems and every analysis, as Markdown and as HTML."""
