"""Systematic checks of the access log (loggkontroll, HSLF-FS 2016:40 4 kap. 9 §).

Each week, for each enhet, the enhetschef (or an admin over it) reviews a random sample of the
reads of the enhet's cases and the reads flagged as anomalies, and signs the check off with a
comment. The sign-off keeps the sample and the anomalies as they were reviewed. The rules are in
``checks`` (what is sampled and flagged), ``weeks`` (which weeks exist), ``queries`` (scope and
overview) and ``services`` (the sign-off); the page is ``views``.
"""
