"""The zone's bulletin (简报): built once from the KPIs as one reader may see them (`build.bulletin_build`),
written as Word, PDF, Excel or Markdown (`writers.bulletin_write`)."""
