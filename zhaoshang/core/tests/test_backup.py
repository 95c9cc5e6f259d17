"""Backup and restore: a round trip gives back every table's rows (same counts and checksums) and every
file; a wrong or corrupt file is refused in Chinese and changes nothing; a full disk leaves no half file."""

import errno
import shutil
import tempfile
import zipfile
from pathlib import Path
from unittest import mock

from django.core.files.base import ContentFile
from django.test import TransactionTestCase, override_settings

from zhaoshang.core.backup import BackupRefused, backup_create, backup_restore, table_checksums
from zhaoshang.industries.services import industry_load
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project, ProjectFile
from zhaoshang.regions.services import region_load
from zhaoshang.testing import make_project, make_user, make_zone


class BackupRoundTripTests(TransactionTestCase):
    def setUp(self):
        # A transaction test case empties the database after each test, reference tables included.
        region_load()
        industry_load()
        self.data = Path(tempfile.mkdtemp(prefix="zs-data-"))
        self.out = Path(tempfile.mkdtemp(prefix="zs-backups-"))
        self.addCleanup(shutil.rmtree, self.data, True)
        self.addCleanup(shutil.rmtree, self.out, True)
        settings = override_settings(DATA_DIR=self.data, MEDIA_ROOT=self.data / "media")
        settings.enable()
        self.addCleanup(settings.disable)
        zone = make_zone()
        officer = make_user("officer", team="招商一组")
        self.project = make_project(zone, "备份测试项目", owner=officer)
        ProjectFile.objects.create(project=self.project, file=ContentFile(b"%PDF-1.4 agreement", name="协议.pdf"),
                                   name="协议.pdf", uploaded_by=officer)
        (self.data / "universe").mkdir()
        (self.data / "universe" / "companies.csv").write_text("名称\n示例公司\n", encoding="utf-8")
        (self.data / "static").mkdir()
        (self.data / "static" / "app.css").write_text("body{}")
        (self.data / "cache").mkdir()  # the server workers' shared cache: rebuilt, never backed up
        (self.data / "cache" / "figures.djcache").write_bytes(b"cached")

    def test_a_restore_gives_back_every_row_and_file_as_they_were(self):
        before = table_checksums()
        summary = backup_create(output=self.out / "b.zsbackup")
        self.assertEqual(summary.files, 2)  # the upload and the universe sheet; not the static file nor the cache
        Project.objects.all().delete()
        Organization.objects.create(name="备份之后新建的公司")
        shutil.rmtree(self.data / "media")
        (self.data / "universe" / "companies.csv").write_text("改过了", encoding="utf-8")
        self.assertNotEqual(table_checksums(), before)
        backup_restore(path=summary.path)
        self.assertEqual(table_checksums(), before)
        attachment = ProjectFile.objects.get()
        self.assertEqual(attachment.file.read(), b"%PDF-1.4 agreement")
        self.assertEqual((self.data / "universe" / "companies.csv").read_text(encoding="utf-8"), "名称\n示例公司\n")
        self.assertTrue((self.data / "static" / "app.css").exists())

    def _refused(self, path: Path) -> str:
        before = table_checksums()
        with self.assertRaises(BackupRefused) as caught:
            backup_restore(path=path)
        self.assertEqual(table_checksums(), before)
        self.assertTrue((self.data / "universe" / "companies.csv").exists())
        return str(caught.exception)

    def test_a_wrong_or_corrupt_file_is_refused_and_changes_nothing(self):
        good = backup_create(output=self.out / "b.zsbackup").path
        not_zip = self.out / "notes.zsbackup"
        not_zip.write_text("hello")
        self.assertIn("不是有效的备份文件", self._refused(not_zip))
        other = self.out / "other.zsbackup"
        with zipfile.ZipFile(other, "w") as archive:
            archive.writestr("readme.txt", "x")
        self.assertIn("缺少 manifest.json", self._refused(other))
        tampered = self.out / "tampered.zsbackup"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(tampered, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.startswith("files/universe"):
                    data = b"tampered"
                target.writestr(item, data)
        self.assertIn("校验值不符", self._refused(tampered))
        truncated = self.out / "truncated.zsbackup"
        truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        self.assertIn("当前数据未做任何改动", self._refused(truncated))

    def test_a_full_disk_leaves_no_half_written_backup(self):
        with mock.patch("zhaoshang.core.backup.zipfile.ZipFile.write",
                        side_effect=OSError(errno.ENOSPC, "No space left on device")), \
                self.assertRaises(BackupRefused) as caught:
            backup_create(output=self.out / "full.zsbackup")
        self.assertIn("磁盘空间不足", str(caught.exception))
        self.assertEqual(list(self.out.iterdir()), [])
