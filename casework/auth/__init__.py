"""Users, role grants, passwords, login and logout. The blueprint is ``casework.auth.views.bp``."""
