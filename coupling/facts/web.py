"""HTTP endpoints: FastAPI/Starlette routers and apps, Flask apps and blueprints, Django
urlpatterns. A router's prefix is applied when the router is created in the same file."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coupling.facts.bindings import dotted, expand, first_argument, keyword, last, string
from coupling.records import Endpoint
from coupling.records.kinds import WebFramework

if TYPE_CHECKING:
    from coupling.facts.bindings import Bindings
    from coupling.facts.nodes import Nodes

_ROUTERS = {
    "APIRouter": WebFramework.FASTAPI,
    "FastAPI": WebFramework.FASTAPI,
    "Starlette": WebFramework.STARLETTE,
    "Flask": WebFramework.FLASK,
    "Blueprint": WebFramework.FLASK,
}
_VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}
_DECORATORS = _VERBS | {"route", "api_route", "websocket"}
_DJANGO_ROUTES = {"path", "re_path", "url"}


@dataclass(frozen=True)
class _Router:
    framework: WebFramework
    prefix: str


def endpoints_in(tree: ast.Module, nodes: Nodes, bindings: Bindings) -> tuple[Endpoint, ...]:
    routers = _routers(tree, bindings)
    found = [
        *_decorated(nodes.functions, routers),
        *_route_objects(nodes.called),
        *_urlpatterns(tree, nodes, bindings),
    ]
    return tuple(sorted(set(found), key=lambda e: (e.line, e.path, e.method)))


def _routers(tree: ast.Module, bindings: Bindings) -> dict[str, _Router]:
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            framework = _ROUTERS.get(last(expand(dotted(node.value.func), bindings)))
            if framework is None:
                continue
            prefix = string(keyword(node.value, "prefix", "url_prefix")) or ""
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = _Router(framework, prefix.rstrip("/"))
    return found


def _decorated(
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef], routers: dict[str, _Router]
) -> list[Endpoint]:
    found = []
    for node in functions:
        for decorator in node.decorator_list:
            if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
                continue
            verb, receiver = decorator.func.attr, dotted(decorator.func.value)
            path = string(first_argument(decorator, "path", "rule"))
            router = routers.get(receiver)
            # Without a router made in this file, only a path-like first argument marks a route:
            # `@cache.get("key")` is not one.
            if (
                verb not in _DECORATORS
                or path is None
                or (router is None and not path.startswith("/"))
            ):
                continue
            framework = (
                router.framework
                if router
                else (WebFramework.FLASK if verb == "route" else WebFramework.FASTAPI)
            )
            prefix = router.prefix if router else ""
            for method in _methods(verb, decorator):
                found.append(
                    Endpoint(method, prefix + path, decorator.lineno, node.name, framework)
                )
    return found


def _methods(verb: str, decorator: ast.Call) -> list[str]:
    if verb in _VERBS:
        return [verb.upper()]
    if verb == "websocket":
        return ["WEBSOCKET"]
    listed = keyword(decorator, "methods")
    if isinstance(listed, ast.List | ast.Tuple | ast.Set):
        methods = [text.upper() for item in listed.elts if (text := string(item))]
        if methods:
            return sorted(methods)
    return ["GET"]  # Flask's route and FastAPI's api_route default


def _route_objects(calls: list[tuple[ast.Call, str]]) -> list[Endpoint]:
    """Starlette's Route("/path", endpoint, methods=[...])."""
    found = []
    for call, called in calls:
        if last(called) in ("Route", "WebSocketRoute") and "starlette" in called:
            path = string(first_argument(call, "path"))
            if path is not None:
                handler = (
                    dotted(call.args[1])
                    if len(call.args) > 1
                    else dotted(keyword(call, "endpoint"))
                )
                verbs = (
                    ["WEBSOCKET"] if last(called) == "WebSocketRoute" else _methods("route", call)
                )
                found += [
                    Endpoint(method, path, call.lineno, handler, WebFramework.STARLETTE)
                    for method in verbs
                ]
    return found


def _urlpatterns(tree: ast.Module, nodes: Nodes, bindings: Bindings) -> list[Endpoint]:
    """Django routes: path()/re_path()/url() inside `urlpatterns`, and anywhere else when the
    name is Django's own (an app's get_urls() returning [path(...), ...])."""
    calls = [
        item
        for node in tree.body
        if _assigns_urlpatterns(node)
        for item in ast.walk(node.value)  # type: ignore[attr-defined]
        if isinstance(item, ast.Call)
        and last(expand(dotted(item.func), bindings)) in _DJANGO_ROUTES
    ]
    calls += [call for call, name in nodes.called if _is_django_route(name)]
    return [endpoint for call in calls if (endpoint := _django_route(call)) is not None]


def _assigns_urlpatterns(node: ast.stmt) -> bool:
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == "urlpatterns" for t in node.targets)
    if isinstance(node, ast.AugAssign):
        return isinstance(node.target, ast.Name) and node.target.id == "urlpatterns"
    return False


def _is_django_route(called: str) -> bool:
    return called.startswith("django.") and last(called) in _DJANGO_ROUTES


def _mounts(view: ast.expr) -> bool:
    """include(...), an app's `.urls` (admin.site.urls) or get_urls(): a prefix for other
    routes, not an endpoint."""
    name = last(dotted(view.func if isinstance(view, ast.Call) else view))
    return name in {"include", "get_urls"} or (not isinstance(view, ast.Call) and name == "urls")


def _django_route(call: ast.Call) -> Endpoint | None:
    route = string(first_argument(call, "route", "regex"))
    view = call.args[1] if len(call.args) > 1 else keyword(call, "view")
    if route is None or view is None:
        return None
    if _mounts(view):
        return None  # include() hands the prefix to another urls module
    # A wrapped view (login_required(view), cache_page(60)(view)) is handled by the view.
    while isinstance(view, ast.Call) and last(dotted(view.func)) != "as_view" and view.args:
        view = view.args[0]
    handler = dotted(view.func) if isinstance(view, ast.Call) else dotted(view)
    return Endpoint("ANY", "/" + route.lstrip("^/"), call.lineno, handler, WebFramework.DJANGO)
