"""The accessibility statement (tillgänglighetsredogörelse): public, linked from every page,
naming where to report a problem (the setting) and DIGG for complaints."""
import re


def test_the_statement_is_public_and_names_the_contact(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "ACCESSIBILITY_CONTACT", "tillganglighet@stad.example")

    response = client.get("/tillganglighet")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Tillgänglighetsredogörelse</h1>" in page
    assert page.count('href="mailto:tillganglighet@stad.example"') == 2
    assert 'href="https://www.digg.se/tdosanmalan"' in page
    assert "delvis förenlig" in page and "1.3.1" in page


def test_every_page_links_to_it_from_its_footer(client, app_ctx):
    login = client.get("/login").get_data(as_text=True)
    missing = client.get("/finns-inte").get_data(as_text=True)

    for page in (login, missing):
        footer = re.search(r'<footer class="site-footer">(.*?)</footer>', page, re.S).group(1)
        assert '<a href="/tillganglighet">Tillgänglighet</a>' in footer
