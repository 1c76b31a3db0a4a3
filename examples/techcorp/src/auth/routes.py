"""HTTP API for authentication: ``/auth``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel
from sqlalchemy.orm import Session

from utils.db import get_session

from . import service
from .permissions import get_current_user
from .tokens import decode_token

router = APIRouter(prefix="/auth", tags=["auth"])

_ERRORS = {
    "too_many_attempts": (status.HTTP_429_TOO_MANY_REQUESTS, "too many failed attempts, try later"),
    "inactive": (status.HTTP_403_FORBIDDEN, "account is not active"),
}


class LoginIn(BaseModel):
    email: str
    password: str


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


def _fail(exc: service.AuthError) -> HTTPException:
    code, message = _ERRORS.get(exc.reason, (status.HTTP_401_UNAUTHORIZED, "invalid credentials"))
    return HTTPException(code, message)


@router.post("/login", response_model=TokenOut)
def login(data: LoginIn, request: Request, session: Session = Depends(get_session)) -> TokenOut:
    try:
        pair = service.authenticate(
            session,
            data.email,
            data.password,
            ip=request.client.host if request.client else None,
            user_agent=request.headers.get("user-agent"),
        )
    except service.AuthError as exc:
        raise _fail(exc) from None
    return TokenOut(**pair.__dict__)


@router.post("/token", response_model=TokenOut)
def token(
    request: Request,
    form: OAuth2PasswordRequestForm = Depends(),
    session: Session = Depends(get_session),
) -> TokenOut:
    """OAuth2 password flow, for the Swagger UI and the CLI."""
    try:
        pair = service.authenticate(
            session, form.username, form.password, ip=request.client.host if request.client else None
        )
    except service.AuthError as exc:
        raise _fail(exc) from None
    return TokenOut(**pair.__dict__)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, session: Session = Depends(get_session), _=Depends(get_current_user)) -> None:
    raw = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    claims = decode_token(raw)
    if "sid" in claims:
        service.logout(session, claims["sid"])
