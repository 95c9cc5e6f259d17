from django.db import migrations
from django.utils.crypto import salted_hmac

# The salt of AbstractBaseUser.get_session_auth_hash, so a token issued before this migration keeps working
# until its user's password changes.
KEY_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


def fill(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.select_related("user").filter(password_hash=""):
        token.password_hash = salted_hmac(KEY_SALT, token.user.password, algorithm="sha256").hexdigest()
        token.save(update_fields=["password_hash"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_apitoken_expires_at_apitoken_password_hash_and_more")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
