"""Cases of every type: complaints, suggestions, praise, deviations, lex Sarah/Maria, breaches."""
