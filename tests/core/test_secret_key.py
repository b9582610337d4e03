"""No usable secret key is written in the code: each installation makes its own."""

import os
import stat
import subprocess
import sys

from django.conf import settings
from django.core import signing
from django.urls import reverse

from samskap.support.links import SALT, letter_digest
from tests.support.factories import household
from tests.support.test_letter import write_letter

# The key the code once fell back to; anyone who read the source could sign links with it.
OLD_CODE_KEY = "samskap-insecure-development-key-not-for-production-use"


def test_a_link_signed_with_the_old_code_key_confirms_nothing(demo, client):
    letter = write_letter(demo, household(demo))
    payload = {"letter": letter.pk, "digest": letter_digest(letter)}
    forged = signing.dumps(payload, key=OLD_CODE_KEY, salt=SALT)
    response = client.post(reverse("support:confirm", args=[forged]))
    assert response.status_code == 400
    letter.refresh_from_db()
    assert letter.confirmed_at is None


def test_the_running_key_is_not_the_old_code_key():
    assert settings.SECRET_KEY != OLD_CODE_KEY
    assert len(settings.SECRET_KEY) >= 50


def settings_key(var_dir) -> str:
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    env.update({"SAMSKAP_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "samskap.settings.base"})
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_without_secret_key_a_random_key_is_made_once_and_kept_private(tmp_path):
    first = settings_key(tmp_path)
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 50
    assert settings_key(tmp_path) == first
    assert settings_key(tmp_path / "elsewhere") != first
