"""Pictures editors upload: a damaged file is refused with a message, not a server error."""

from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class ReadableImageField(WagtailImageField):
    """Wagtail's image field, refusing files Pillow starts to read and then cannot (a truncated GIF).

    Wagtail turns files it cannot recognise into a form error, but a file that looks like a picture
    and breaks half-way raises OSError or ValueError from Pillow, which was a 500 for the editor.
    """

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except (OSError, ValueError, SyntaxError) as error:
            raise ValidationError(
                "This picture could not be read: the file is damaged or incomplete. "
                "Export it again from your photo editor and upload the new file.",
                code="damaged_image",
            ) from error


class ImageForm(BaseImageForm):
    """The back office's picture form, with uploads checked by ReadableImageField."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            original = self.fields["file"]
            self.fields["file"] = ReadableImageField(
                label=original.label, required=original.required, help_text=original.help_text
            )
