"""Issue 16.3: every API operation answers each API token as tests/access/matrix.py's
API_MATRIX says: its scope decides what it may do (403 beyond it), its node's subtree what it
reaches (another subtree's case, node or snapshot answers 404); an expired or revoked token,
and none, 401. The browser personas meet 401 on every API route (MATRIX)."""
from tests.access.matrix import API_MATRIX, API_PERSONAS, api_tokens


def test_every_api_rule_and_method_has_an_entry(app):
    rules = {(method, rule.rule) for rule in app.url_map.iter_rules()
             if rule.rule.startswith("/api/") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert sorted(rules - API_MATRIX.keys()) == []
    assert sorted(API_MATRIX.keys() - rules) == []


def test_every_api_token_gets_what_the_matrix_says(app, world):
    secrets = api_tokens(world)
    client = app.test_client()
    mismatches = []
    for index, (persona, secret) in enumerate(secrets.items()):
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        for (method, _rule), rows in API_MATRIX.items():
            for tokens_, url, body in rows:
                expected = tokens_.split()[index]
                response = client.open(world.url(url), method=method, json=body,
                                       headers=headers)
                if str(response.status_code) != expected:
                    mismatches.append(f"{persona:>9} {method:4} {url}: expected {expected}, "
                                      f"got {response.status_code}")
                elif response.status_code >= 400:
                    assert response.content_type == "application/problem+json", url
    assert len(API_PERSONAS) == len(secrets)
    assert not mismatches, "\n" + "\n".join(mismatches)
