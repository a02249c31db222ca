"""The ground floor holds: tables leave only through core.exports, files enter only through
core.files. Read from the source with ast, so a new app is checked the day it is added."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "tests", "migrations", "node_modules", "static", "scripts", ".git"}
# Readers of incoming tables (they parse uploads, never write a response).
TABLE_READERS = {"core/tables.py", "emissions/files.py", "municipalities/loading.py"}


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts[:-1]) or relative.parts[0].startswith("."):
            continue
        yield relative.as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def imported_modules(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_every_csv_or_xlsx_response_goes_through_core_exports():
    offenders = []
    for name, tree in project_modules():
        if name == "core/exports.py" or name.startswith("core/files/") or name in TABLE_READERS:
            continue
        writes_tables = {"csv", "openpyxl"} & imported_modules(tree)
        names_csv_type = any(
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and ("text/csv" in node.value or "spreadsheetml" in node.value)
            for node in ast.walk(tree)
        )
        if writes_tables or names_csv_type:
            offenders.append(name)
    assert offenders == [], "write tables with core.exports (docs/files-and-exports.md)"


def test_every_file_field_is_declared_through_core_files():
    offenders = []
    for name, tree in project_modules():
        if name.startswith("core/files/"):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("FileField", "ImageField")
                and isinstance(node.value, ast.Name)
                and node.value.id in ("models", "forms")
            ):
                offenders.append(f"{name}:{node.lineno} {node.value.id}.{node.attr}")
    assert offenders == [], "declare uploads with core.files (docs/files-and-exports.md)"


def test_no_app_opens_an_upload_with_pillow_or_pypdf_itself():
    allowed = {"core/images.py", "core/printing.py"}
    offenders = [
        name
        for name, tree in project_modules()
        if not name.startswith("core/files/")
        and name not in allowed
        and not name.endswith("/demo.py")
        and {"PIL", "pypdf", "mutagen"} & imported_modules(tree)
    ]
    assert offenders == [], "check uploads with core.files"


def module_name(relative: str) -> str:
    parts = relative.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_type_checking_block(node) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def module_level_imports(tree):
    """Import statements that run when the module loads: not inside a function, nor under
    `if TYPE_CHECKING:`; class bodies, `try` and plain `if` blocks run at load, so they count."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        elif not is_type_checking_block(node):
            pending.extend(
                child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)
            )


def import_graph() -> dict[str, set[str]]:
    """Project module → the project modules it imports at load time."""
    modules = {module_name(name): (name, tree) for name, tree in project_modules()}
    graph: dict[str, set[str]] = {}
    for module, (relative, tree) in modules.items():
        package = module if relative.endswith("__init__.py") else module.rpartition(".")[0]
        targets = set()
        for node in module_level_imports(tree):
            if isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                # `from pkg import name` imports pkg.name when that is a module, else pkg.
                candidates = [f"{base}.{alias.name}" for alias in node.names]
                candidates = [c if c in modules else base for c in candidates]
            for candidate in candidates:
                while candidate and candidate not in modules:
                    candidate = candidate.rpartition(".")[0]
                if candidate and candidate != module:
                    targets.add(candidate)
        graph[module] = targets
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan), as a readable path."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module):
        index[module] = lowlink[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                lowlink[module] = min(lowlink[module], lowlink[target])
            elif target in on_stack:
                lowlink[module] = min(lowlink[module], index[target])
        if lowlink[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [shortest_cycle(graph, group) for group in groups]


def shortest_cycle(graph, group: list[str]) -> list[str]:
    start, members = group[0], set(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        module = queue.pop(0)
        for target in sorted(graph[module] & members):
            if target == start:
                return [*paths[module], start]
            if target not in paths:
                paths[target] = [*paths[module], target]
                queue.append(target)
    return group


def test_no_module_level_import_cycles():
    cycles = import_cycles(import_graph())
    assert cycles == [], "modules that import each other at load time:\n" + "\n".join(
        " → ".join(cycle) for cycle in cycles
    )


def function_level_imports(tree):
    module_level = set(map(id, module_level_imports(tree)))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in module_level:
            yield node


def test_tasks_load_the_modules_they_call_when_they_load():
    """Tasks import services (and links) at the top, so a services module that imported tasks
    at load time would show as a cycle above instead of hiding inside two functions."""
    offenders = []
    for name, tree in project_modules():
        if not name.endswith("/tasks.py"):
            continue
        app = name.split("/")[0]
        for node in function_level_imports(tree):
            module = node.module or "" if isinstance(node, ast.ImportFrom) else node.names[0].name
            if (isinstance(node, ast.ImportFrom) and node.level) or module.split(".")[0] == app:
                offenders.append(f"{name}:{node.lineno}")
    assert offenders == [], "import the app's own modules at the top of tasks.py"


def test_services_enqueue_tasks_on_commit_without_importing_them_at_load():
    offenders = []
    for name, tree in project_modules():
        parts = name.split("/")
        if len(parts) < 2 or not (parts[1] == "services.py" or parts[1] == "services"):
            continue
        for node in module_level_imports(tree):
            modules = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or "", *(alias.name for alias in node.names)]
            )
            if any(module.split(".")[-1] == "tasks" for module in modules):
                offenders.append(f"{name}:{node.lineno} imports tasks at load time")
        # One way to hand work on: core.queue sends it after the commit and, the task queue
        # unreachable, leaves a job to its sweep or does a notification in this process.
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr in ("delay", "apply_async")
            ):
                offenders.append(f"{name}:{call.lineno} enqueues itself, not through core.queue")
    assert offenders == []


SIGNING_MAKERS = {"TimestampSigner", "Signer", "dumps", "loads"}


def test_signed_links_are_made_and_read_in_links_modules():
    offenders = []
    for name, tree in project_modules():
        if name.endswith("/links.py") or name.startswith("core/"):
            continue
        for node in ast.walk(tree):
            used = (
                node.attr
                if isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "signing"
                else node.id
                if isinstance(node, ast.Name)
                else None
            )
            if used in SIGNING_MAKERS - {"dumps", "loads"} or (
                isinstance(node, ast.Attribute) and used in {"dumps", "loads"}
            ):
                offenders.append(f"{name}:{node.lineno} {used}")
    assert offenders == [], "tokens and signed links live in <app>/links.py"


BUILTIN_EXCEPTIONS = {"Exception", "ValueError", "RuntimeError", "LookupError", "KeyError"}


def module_level_names(tree):
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name):
                yield target.id, node


def test_state_maps_are_declared_with_core_workflow_under_one_name():
    offenders = []
    for name, tree in project_modules():
        if name.startswith("core/"):
            continue
        for variable, node in module_level_names(tree):
            other_name = (
                variable == "ALLOWED_MOVES"
                or variable.endswith("_TRANSITIONS")
                or variable.endswith("_MOVES")
            )
            value = getattr(node, "value", None)
            hand_written = variable.endswith("WORKFLOW") and not (
                isinstance(value, ast.Call) and getattr(value.func, "id", "") == "Workflow"
            )
            if other_name or hand_written:
                offenders.append(f"{name}:{node.lineno} {variable}")
    assert offenders == [], "declare a state map as WORKFLOW = core.workflow.Workflow(...)"


def test_refusals_of_the_apps_derive_from_core_service_error():
    offenders = [
        f"{name}:{node.lineno} {node.name}"
        for name, tree in project_modules()
        if not name.startswith("core/")
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and node.name.endswith("Error")
        and {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
        & BUILTIN_EXCEPTIONS
    ]
    assert offenders == [], "derive an app's refusal from core.workflow.ServiceError"


def test_core_imports_no_app():
    """Core is the ground floor: apps reach it through what they register and contribute."""
    from django.apps import apps

    local_apps = {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if (ROOT / config.name.split(".")[0] / "apps.py").exists() and config.name != "core"
    }
    offenders = []
    for name, tree in project_modules():
        if not name.startswith("core/"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                modules = [node.module or ""]
            else:
                continue
            offenders += [
                f"{name}:{node.lineno} {module}"
                for module in modules
                if module.split(".")[0] in local_apps
            ]
    assert local_apps >= {"accounts", "municipalities", "news"}
    assert offenders == [], "core imports no app"


def test_core_names_no_app_url():
    """An app's pages reach the navigation, sitemaps and robots through what the app contributes
    (AppConfig.navigation, sitemaps.py, AppConfig.private_paths), never a URL name in core."""
    from django.apps import apps

    local_apps = {config.label for config in apps.get_app_configs()} - {"core"}
    url_name = re.compile(rf"""^({"|".join(sorted(local_apps))}):[\w-]+$""")
    url_tag = re.compile(rf"""{{% url ["']({"|".join(sorted(local_apps))}):""")
    offenders = [
        f"{name}:{node.lineno} {node.value}"
        for name, tree in project_modules()
        if name.startswith("core/")
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and url_name.match(node.value)
    ]
    offenders += [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "core" / "templates").rglob("*.html"))
        if url_tag.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "core names no app URL: let the app contribute it"


def test_every_search_matches_through_core_search():
    """One matcher: a query is split into terms the same way everywhere (core.matching)."""
    offenders = []
    for name, tree in project_modules():
        if not name.endswith("/search.py") or name.startswith("core/"):
            continue
        uses_core_matcher = any(
            isinstance(node, ast.ImportFrom) and node.module == "core.matching"
            for node in ast.walk(tree)
        )
        matches_by_hand = any(
            isinstance(node, ast.keyword) and node.arg and "__icontains" in node.arg
            for node in ast.walk(tree)
        )
        if not uses_core_matcher or matches_by_hand:
            offenders.append(name)
    assert offenders == [], "match queries with core.matching"


# --- Services take ids (docs/architecture.md, "Services take ids")

# What a body does when it changes records (directly or through a workflow or the audit).
WRITE_CALLS = {
    "select_for_update", "save", "create", "bulk_create", "get_or_create", "update_or_create",
    "update", "delete", "begin", "finish", "lock", "record_audit",
}  # fmt: skip
# Write helpers whose caller already holds the row lock, or that are not called with a record.
LOCKED_ROW_HELPERS = {
    "contests/services/rules.py": {"lock_entry"},  # the id, positional: every entry service's start
    "events/services.py": {"claim_reminder"},  # ids and a time, from the reminder task
    "grants/services/rules.py": {"begin_move", "finish_move"},  # the application in the move
    "grants/services/cap.py": {"check_fits_cap", "check_fits_budget"},  # the locked application
}
# Parameters that name the person at the keyboard rather than a record changed for someone.
ACTING_PERSON = {"actor", "user"}
# accounts' own-account services: `user` is the person signing in or enrolling (no actor yet).
OWN_ACCOUNT_SERVICES = {
    "record_access_event", "record_personal_data_export", "start_enrolment", "confirm_enrolment",
    "issue_recovery_codes", "verify_second_factor",
}  # fmt: skip


def services_modules():
    for name, tree in project_modules():
        parts = name.split("/")
        if parts[-1] == "services.py" or (len(parts) > 2 and parts[-2] == "services"):
            yield name, tree


def is_atomic(node) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return isinstance(target, ast.Attribute | ast.Name) and (
        getattr(target, "attr", None) == "atomic" or getattr(target, "id", None) == "atomic"
    )


def called_names(function) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
        elif isinstance(node, ast.withitem) and is_atomic(node.context_expr):
            names.add("atomic")
    return names


def write_services() -> list[tuple[str, ast.FunctionDef]]:
    """Public functions of services modules that change records, themselves or through a
    function of their app's services that does."""
    functions = {}  # (app, function name) -> (module, node)
    for name, tree in services_modules():
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                functions[(name.split("/")[0], node.name)] = (name, node)
    calls = {key: called_names(node) for key, (_name, node) in functions.items()}
    writes = {
        key
        for key, (_name, node) in functions.items()
        if calls[key] & (WRITE_CALLS | {"atomic"}) or any(map(is_atomic, node.decorator_list))
    }
    grown = True
    while grown:
        grown = False
        for (app, function), names in calls.items():
            if (app, function) not in writes and any((app, n) in writes for n in names):
                writes.add((app, function))
                grown = True
    return [functions[key] for key in sorted(writes) if not key[1].startswith("_")]


def test_services_that_change_records_take_their_ids_keyword_only():
    from django.apps import apps

    models = {model.__name__ for model in apps.get_models()}
    record_names = {re.sub(r"(?<!^)(?=[A-Z])", "_", model).lower() for model in models}
    offenders = []
    for module, function in write_services():
        if function.name in LOCKED_ROW_HELPERS.get(module, ()):
            continue
        where = f"{module}:{function.lineno} {function.name}"
        args = function.args
        if args.posonlyargs or args.args or args.vararg:
            offenders.append(f"{where} takes positional arguments")
        for parameter in args.kwonlyargs:
            annotation = ast.unparse(parameter.annotation) if parameter.annotation else ""
            annotated = {name.split(".")[-1] for name in re.findall(r"[\w.]+", annotation)}
            names_a_model = annotated & models if annotation else parameter.arg in record_names
            if parameter.arg in ACTING_PERSON and (
                parameter.arg == "actor" or function.name in OWN_ACCOUNT_SERVICES
            ):
                continue
            if names_a_model and not parameter.arg.endswith(("_id", "_ids")):
                offenders.append(f"{where} takes the record {parameter.arg}= (pass its id)")
    assert offenders == [], "\n".join(offenders)
