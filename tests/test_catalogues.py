"""The message catalogues are complete and consistent: every string the code marks is in the
template, every language translates every one of them (plural forms included), with the
same placeholders and keyboard accelerators, and nothing left fuzzy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "app" / "locale"
LANGUAGES = ("es", "pl", "ru")
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2)}
BRACES = re.compile(r"\{[a-z_]*(?:![rsa])?(?::[^{}]*)?\}")
PERCENT = re.compile(r"%(?:\([a-z_]+\))?[sdrf]")


def catalogue(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "ringbinder.po").open("rb") as f:
        return read_po(f, locale=lang)


def placeholders(text: str) -> set[str]:
    return set(BRACES.findall(text)) | set(PERCENT.findall(text))


def accelerators(text: str) -> int:
    return text.replace("&&", "").count("&")


def test_every_marked_string_of_the_code_is_in_the_catalogues():
    marked = {message for _file, _line, message, *_rest in extract_from_dir(
        str(ROOT / "app"), keywords=KEYWORDS, comment_tags=())}
    marked = {m[0] if isinstance(m, tuple) else m for m in marked}
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue("pl") if m.id}
    missing = sorted(marked - ids)
    assert not missing, f"run `make catalogues` and translate: {missing[:10]}"


def test_no_message_is_hidden_in_an_f_string():
    """Babel (on Python 3.11) does not look into f-strings: a _() there is never translated."""
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"""\bf(["']).*\{_\(""", line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert not found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(lang):
    cat = catalogue(lang)
    assert not cat.fuzzy, "the header is marked fuzzy"
    problems = []
    for m in cat:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy:
            problems.append(("fuzzy", ids[0]))
        if isinstance(m.id, tuple) and len(strings) != cat.num_plurals:
            problems.append(("plural forms", ids[0]))
        for text in strings:
            if not text:
                problems.append(("untranslated", ids[0]))
            elif placeholders(text) - placeholders(" ".join(ids)):
                problems.append(("placeholders", ids[0], text))
            elif accelerators(text) != accelerators(ids[0]):
                problems.append(("accelerator", ids[0], text))
        if not isinstance(m.id, tuple) and strings[0] and \
                placeholders(ids[0]) != placeholders(strings[0]):
            problems.append(("placeholder lost", ids[0], strings[0]))
    assert not problems, problems[:10]


@pytest.mark.parametrize(("lang", "forms"), [("es", 2), ("pl", 3), ("ru", 3)])
def test_plural_forms_follow_the_language(lang, forms):
    cat = catalogue(lang)
    assert cat.num_plurals == forms


@pytest.mark.parametrize(("locale", "counts"), [
    ("pl_PL", {1: 0, 2: 1, 5: 2, 12: 2, 22: 1, 25: 2}),
    ("ru_RU", {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1}),
])
def test_polish_and_russian_counts_take_their_three_forms(locale, counts):
    from app.i18n import n_, set_locale

    try:
        set_locale(locale)
        texts = {n: n_("{count} dossier", "{count} dossiers", n) for n in counts}
    finally:
        set_locale("en_US")
    by_form: dict[int, set[str]] = {}
    for n, form in counts.items():
        by_form.setdefault(form, set()).add(texts[n].replace(str(n), "#"))
    assert all(len(v) == 1 for v in by_form.values()) and len(by_form) == 3


def test_the_cli_speaks_the_users_language(tmp_path):
    env = {"LANG": "pl_PL.UTF-8", "PATH": "/usr/bin:/bin",
           "RINGBINDER_PREFERENCES": str(tmp_path / "p.json")}
    done = subprocess.run([sys.executable, "-m", "app", "--binder", str(tmp_path / "b.rbinder"),
                           "list", "nowhere"], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert "nie ma segregatora" in done.stderr
    helped = subprocess.run([sys.executable, "-m", "app", "--help"], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=60)
    assert helped.stdout.startswith("użycie: ")
    assert "pokaż tę pomoc i zakończ" in helped.stdout
