"""The sample pile we ship carries the realities histsift exists for."""
from __future__ import annotations

import histsift


def by_path(db):
    return {s.path: s for s in histsift.open(db).sources()}


def cut_lines(s):
    return {s.text[b.start:b.end] for b in s.boilerplate}


def test_every_file_is_a_source(sample_db):
    srcs = by_path(sample_db)
    assert len(srcs) == 7 and histsift.open(sample_db).skipped() == []


def test_legacy_encoding_is_detected(sample_db):
    blog = by_path(sample_db)["04_blog_cp1252.txt"]
    assert blog.encoding == "cp1252"
    assert "“" in blog.text and "€" in blog.text and "\ufffd" not in blog.text


def test_html_text_is_extracted_without_menus_or_cookie_banner(sample_db):
    page = by_path(sample_db)["02_encyclopedia.html"]
    assert page.kind == "html" and "<p>" not in page.text
    assert "9 November 1989" in page.text
    assert "cookies" not in page.text.lower()


def test_chrome_is_cut_and_content_kept(sample_db):
    srcs = by_path(sample_db)
    site = cut_lines(srcs["01_revision_site.txt"])
    assert {"4.8 (1,204 reviews)", "Hire a tutor", "Cite this page", "+120 tutors are online now"} <= site
    assert not any("9 November 1989" in line for line in site)
    forum = cut_lines(srcs["07_forum_post.txt"])
    assert {"Quote", "Logged", "Report to moderator"} <= forum
    for s in srcs.values():
        kept = s.text
        for b in s.boilerplate:
            kept = kept.replace(s.text[b.start:b.end], "")
        assert len(kept.split()) > 0.8 * s.words, s.path  # cleaning never eats the page


def test_flags(sample_db):
    srcs = by_path(sample_db)
    assert set(srcs["05_essay_preview.txt"].flags) == {"preview", "truncated"}
    assert srcs["07_forum_post.txt"].flags == ["truncated"]
    for name in ("01_revision_site.txt", "02_encyclopedia.html", "03_revision_notes.md", "06_teacher_handout.txt"):
        assert srcs[name].flags == [], name


def test_titles(sample_db):
    srcs = by_path(sample_db)
    assert srcs["02_encyclopedia.html"].title
    assert all(s.title and len(s.title) <= 150 for s in srcs.values())
