"""HTTP endpoints: FastAPI, Starlette, Flask and Django spellings."""

from __future__ import annotations

from tests.support import facts_of


def endpoints(source: str) -> list[tuple[str, str, str, str]]:
    return [(e.method, e.path, e.handler, e.framework) for e in facts_of(source).endpoints]


def test_fastapi_router_prefix_and_verbs() -> None:
    source = (
        "from fastapi import APIRouter, FastAPI\n"
        "router = APIRouter(prefix='/reports', tags=['x'])\napp = FastAPI()\n"
        "@router.get('/daily')\ndef daily(): ...\n"
        "@router.post('/custom', status_code=201)\nasync def custom(): ...\n"
        "@router.api_route('/both', methods=['PUT', 'GET'])\ndef both(): ...\n"
        "@app.websocket('/ws')\nasync def ws(): ...\n"
        "@app.get(path='/health')\ndef health(): ...\n"
    )
    assert endpoints(source) == [
        ("GET", "/reports/daily", "daily", "fastapi"),
        ("POST", "/reports/custom", "custom", "fastapi"),
        ("GET", "/reports/both", "both", "fastapi"),
        ("PUT", "/reports/both", "both", "fastapi"),
        ("WEBSOCKET", "/ws", "ws", "fastapi"),
        ("GET", "/health", "health", "fastapi"),
    ]


def test_flask_app_and_blueprint() -> None:
    source = (
        "from flask import Blueprint, Flask\napp = Flask(__name__)\nbp = Blueprint('b', __name__, url_prefix='/b/')\n"
        "@app.route('/')\ndef index(): ...\n@bp.route('/x', methods=['POST'])\ndef x(): ...\n@bp.get('/y')\ndef y(): ...\n"
    )
    assert endpoints(source) == [
        ("GET", "/", "index", "flask"),
        ("POST", "/b/x", "x", "flask"),
        ("GET", "/b/y", "y", "flask"),
    ]


def test_a_router_from_another_file_still_counts_when_the_path_looks_like_one() -> None:
    assert endpoints(
        "from .api import router\n@router.delete('/items/{id}')\ndef drop(): ...\n"
    ) == [("DELETE", "/items/{id}", "drop", "fastapi")]


def test_django_urlpatterns_and_starlette_routes() -> None:
    source = (
        "from django.urls import include, path, re_path\nfrom . import views\n"
        "urlpatterns = [\n    path('', views.index),\n    re_path(r'^a/(?P<y>[0-9]+)/$', views.Year.as_view()),\n"
        "    path('api/', include('shop.api.urls')),\n    path('admin/', admin.site.urls),\n"
        "    path('shop/', self.shop_app.urls),\n"
        "    path('me/', login_required(views.Me.as_view())),\n"
        "    path('c/', cache_page(60)(views.cached)),\n"
        "]\nurlpatterns += [path('more/', views.more)]\n"
        "from starlette.routing import Route\nroutes = [Route('/s', endpoint=home, methods=['GET', 'POST'])]\n"
    )
    assert endpoints(source) == [
        ("ANY", "/", "views.index", "django"),
        ("ANY", "/a/(?P<y>[0-9]+)/$", "views.Year.as_view", "django"),
        ("ANY", "/me/", "views.Me.as_view", "django"),
        ("ANY", "/c/", "views.cached", "django"),
        ("ANY", "/more/", "views.more", "django"),
        ("GET", "/s", "home", "starlette"),
        ("POST", "/s", "home", "starlette"),
    ]


def test_lookalike_decorators_are_not_endpoints() -> None:
    source = (
        "@cache.get('key')\ndef a(): ...\n@app.route\ndef b(): ...\n@retry.post(3)\ndef c(): ...\n"
    )
    assert endpoints(source) == []
