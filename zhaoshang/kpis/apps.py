from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "zhaoshang.kpis"
    verbose_name = "核心指标"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from zhaoshang.core.imports.job import sheet_written
        from zhaoshang.kpis.cache import figures_imported, on_write

        # Any counted record's write makes the cached figures stale (see kpis/cache.py), an import's too.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_write, dispatch_uid=f"kpis-figures-{id(signal)}")
        sheet_written.connect(figures_imported, dispatch_uid="kpis-figures-import")
