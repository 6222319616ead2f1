"""The admin changes of the audit trail (``casework.trail.record_admin_change``): who (the
signed-in admin, or nobody on the command line), what, and the values before and after.

The values are ids, codes, roles, flags and numbers, never a person's name or e-mail address
(``casework.trail``'s rule): a user is named by id (``user``), a node by its code.
"""
#: The admin actions, in Swedish for the audit page. Each is a change (``trail.CHANGES``): its
#: row commits or rolls back with it.
ADMIN_ACTIONS = {
    "user_create": "Skapade användare",
    "user_grants": "Ändrade behörigheter",
    "user_name": "Ändrade namn på användare",
    "user_deactivate": "Inaktiverade användare",
    "user_reactivate": "Aktiverade användare igen",
    "user_totp_reset": "Återställde tvåstegsverifiering",
    "user_link": "Skickade länk för att välja lösenord",
    "unit_add": "Lade till organisationsdel",
    "unit_rename": "Bytte namn på organisationsdel",
    "unit_move": "Flyttade organisationsdel",
    "unit_close": "Stängde enhet",
    "unit_reopen": "Öppnade enhet igen",
    "unit_responsible": "Ändrade ansvariga för enhet",
    "rule_change": "Ändrade tidsfrist",
    "token_create": "Skapade API-nyckel",
    "token_revoke": "Återkallade API-nyckel",
    "user_title": "Ändrade titel på användare",
    "unit_address": "Ändrade postadress för organisationsdel",
    "reply_text_create": "Skapade svarsmall",
    "reply_text_change": "Ändrade svarsmall",
    "reply_text_delete": "Tog bort svarsmall",
    "retention_rule_change": "Ändrade gallringsregel",
}

