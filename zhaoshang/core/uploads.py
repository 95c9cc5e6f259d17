"""Refusing oversized uploads while they stream in, before they reach the disk."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

# Past the limit by less than this, the request goes through so the form can refuse the file with a message;
# past it by more, the request is cut off here.
SLACK = 1024 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: stops a request whose body or any file passes UPLOAD_MAX_BYTES.

    Forms still check each file's size and say so in Chinese; this handler is what keeps a multi-gigabyte
    request from filling the disk before any form sees it.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.UPLOAD_MAX_BYTES + SLACK:
            raise RequestDataTooBig(f"上传内容 {content_length} 字节，超过上限 {settings.UPLOAD_MAX_BYTES} 字节。")
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES + SLACK:
            raise RequestDataTooBig(f"上传文件超过上限 {settings.UPLOAD_MAX_BYTES} 字节。")
        return raw_data

    def file_complete(self, file_size):
        return None
