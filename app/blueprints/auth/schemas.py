"""The shapes of the auth API's answers (app.validation.responds): the JSON is these
models dumped, and the OpenAPI document (hence the SPA's types) shows the same."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from app.models import Centre, Headquarters, Site, User
from app.models.users import Role
from app.validation import Out, UtcDateTime


class LoginIn(BaseModel):
    """Read by hand in the route (a malformed sign-in is a documented 400, not a 422);
    declared for the OpenAPI document."""

    model_config = ConfigDict(extra="forbid")
    username: str
    password: str


class LanguageChoice(BaseModel):
    """A language CIPS speaks (GET /api/v1/languages), or null to follow the browser."""

    model_config = ConfigDict(extra="forbid")
    language: str | None


class UserAffiliation(Out):
    """The one site, centre or headquarters a person belongs to."""

    kind: Literal["site", "centre", "headquarters"]
    id: int
    code: str
    name: str


_KINDS: dict[type, Literal["site", "centre", "headquarters"]] = {
    Site: "site", Centre: "centre", Headquarters: "headquarters"}


class UserOut(Out):
    """A signed-in person as the SPA sees them."""

    id: int
    username: str
    display_name: str
    roles: list[Role]
    affiliation: UserAffiliation | None
    home: str  # the path of the person's landing page, e.g. "/analyst"
    language: str | None  # the language the person chose (BCP 47); null follows the browser

    @classmethod
    def of(cls, user: User, home: str) -> UserOut:
        org = user.affiliation
        affiliation = None if org is None else UserAffiliation(
            kind=_KINDS[type(org)], id=org.id, code=org.code, name=org.name)
        return cls(id=user.id, username=user.username, display_name=user.display_name,
                   roles=sorted(user.roles), affiliation=affiliation, home=home, language=user.language)


class CsrfOut(Out):
    csrf_token: str


class UserAnswer(Out):
    user: UserOut


class SignedIn(Out):
    user: UserOut
    csrf_token: str


class SignedOut(Out):
    ok: bool
    csrf_token: str


class Language(Out):
    tag: str  # BCP 47
    name: str  # in the language itself


class LanguagesOut(Out):
    languages: list[Language]
    current: str  # the language this answer is in


class TokenScanner(Out):
    id: int
    name: str
    site: str  # the site's code
    vendor: str | None
    kind: str
    dual_energy: bool
    energy_high_kev: int | None
    energy_low_kev: int | None


class ScannerTokenIdentity(Out):
    kind: Literal["scanner"]
    name: str
    prefix: str = Field(description="the token's first characters, to tell tokens apart")
    created_at: UtcDateTime
    scanner: TokenScanner


class IntegrationTokenIdentity(Out):
    kind: Literal["integration"]
    name: str
    prefix: str
    created_at: UtcDateTime
    user: str  # the integration account's username


class TokenIdentity(RootModel[ScannerTokenIdentity | IntegrationTokenIdentity]):
    """Whom a machine client's token speaks for: a scanner, or an integration account."""

    root: ScannerTokenIdentity | IntegrationTokenIdentity = Field(discriminator="kind")
