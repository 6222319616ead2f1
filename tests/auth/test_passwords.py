from casework.auth.passwords import hash_password, password_problems, verify_password


def test_argon2_round_trip():
    hashed = hash_password("en lång mening som lösenord")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "en lång mening som lösenord")
    assert not verify_password(hashed, "en lång mening som lösenorD")
    assert not verify_password("not-a-hash", "x")


def test_policy():
    assert password_problems("korrekt-häst-batteri-57") == []
    assert password_problems("kort") == ["Lösenordet måste ha minst 12 tecken."]
    assert any("vanligt" in p for p in password_problems("Password1234"))
    assert any("e-postadress" in p for p in password_problems(
        "anna.andersson", email="anna.andersson@example.se"))
    assert any("olika tecken" in p for p in password_problems("aaaaaaaaaaaa"))
