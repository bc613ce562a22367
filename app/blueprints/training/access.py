"""Who may do what in the academy."""

# The academy: instructors build the bank and exams; supervisors and admins may too.
STAFF = ("instructor", "supervisor", "admin")
# Anyone who sits exams: trainees, and analysts renewing their certificates.
CANDIDATES = ("trainee", "analyst", "expert")
READERS = STAFF + CANDIDATES
# Closed live cases are promoted by those who oversee live work, and instructors.
PROMOTERS = ("supervisor", "instructor", "admin")
# Revoking a certificate is the academy's or an administrator's act.
CERTIFIERS = ("instructor", "admin")


def is_staff(user) -> bool:
    return user.has_role(*STAFF)
