"""Read, without running them, which tests name which claims.

A test names the claims it asserts with a marker::

    @pytest.mark.claim("intervals/wald-undercovers", "intervals/wilson-holds")
    def test_wald_interval_undercovers_and_wilson_does_not(run):
        ...

The build reads every ``test_*.py`` under the tests folder with ``ast`` (it
never imports or runs them; pytest and CI do that) and records, per claim id,
the tests that name it. It also checks that each such test exercises this
course's code: it takes one of the fixtures that run the course
(``course_fixtures``, such as ``run``), or it uses a name imported from one of
the course's packages (``course_modules``, such as ``snippets``), directly or
through a helper or fixture defined in its module or in a ``conftest.py``. A
test that checks only constants, NumPy or SciPy asserts nothing about the
course, so it does not count.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.claims import CLAIM_ID, TestRef
from engine.keys import engine_fingerprint as keys_engine_fingerprint

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
# A function and the names its module binds to the course's code.
Scoped = tuple[FunctionNode, set[str]]


@dataclass
class TestLedger:
    """Claim id -> the tests naming it, and every problem found while reading."""

    __test__ = False  # not a pytest test class, despite its name

    tests: dict[str, list[TestRef]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def tests_for(self, full_id: str) -> list[TestRef]:
        """The tests naming the claim ``full_id`` (none: an empty list)."""
        return self.tests.get(full_id, [])

    def to_json(self) -> dict[str, Any]:
        """The ledger as plain JSON values (for the cache)."""
        return {
            "tests": {claim: [[t.file, t.name, t.line] for t in refs] for claim, refs in self.tests.items()},
            "problems": self.problems,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> TestLedger:
        """The ledger ``to_json`` gave."""
        tests = {
            claim: [TestRef(f, n, line) for f, n, line in refs] for claim, refs in value["tests"].items()
        }
        return cls(tests, list(value["problems"]))


def tests_fingerprint(tests_dir: Path, *settings: Iterable[str]) -> str:
    """A hash of every test file's bytes and the settings that judge them: the ledger's cache key.

    Reading the tests costs a second; hashing them, a few milliseconds.
    """
    digest = hashlib.sha256(repr([sorted(s) for s in settings]).encode())
    digest.update(keys_engine_fingerprint(("claim_tests.py", "claims.py")).encode())
    for path in sorted(tests_dir.rglob("*.py")):
        digest.update(path.relative_to(tests_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_claim_tests(
    tests_dir: Path,
    root: Path,
    *,
    course_modules: Iterable[str] = ("snippets", "engine"),
    course_fixtures: Iterable[str] = ("run",),
) -> TestLedger:
    """The claims named by the tests under ``tests_dir`` (paths in messages are relative to ``root``)."""
    ledger = TestLedger()
    modules = tuple(course_modules)
    fixtures = frozenset(course_fixtures)
    # Fixtures and helpers of conftest.py files, visible to every test module.
    shared: dict[str, Scoped] = {}
    for conftest in _test_files(tests_dir, "conftest.py"):
        tree = _parse(conftest.read_bytes(), conftest, root, ledger)
        shared |= _module_functions(tree, _course_names(tree, modules) if tree else set())
    for path in _test_files(tests_dir, "test_*.py"):
        source = path.read_bytes()
        if b"claim" not in source:
            continue  # names no claim (the common case: reading it would only cost time)
        tree = _parse(source, path, root, ledger)
        if tree is None:
            continue
        relative = _relative(path, root)
        course_names = _course_names(tree, modules)
        functions = shared | _module_functions(tree, course_names)
        for node in ast.walk(tree):
            for call in _claim_marks(node):
                where = f"{relative}:{call.lineno}"
                if not isinstance(node, FunctionNode) or not node.name.startswith("test"):
                    ledger.problems.append(
                        f"{where}: @pytest.mark.claim must decorate a test function "
                        "(not a class, module or fixture)"
                    )
                    continue
                ids = _claim_ids(call, where, ledger)
                if not ids:
                    continue
                test = TestRef(relative, node.name, node.lineno)
                if not _exercises_course((node, course_names), functions, fixtures, set()):
                    ledger.problems.append(
                        f"{where}: {node.name} names claim {', '.join(ids)} but exercises none of the "
                        f"course's code: run the snippet with the `run` fixture or call its functions "
                        f"(a test of constants, NumPy or SciPy alone asserts nothing about the page)"
                    )
                    continue
                for claim_id in ids:
                    ledger.tests.setdefault(claim_id, []).append(test)
    return ledger


def _test_files(tests_dir: Path, pattern: str) -> list[Path]:
    """Files matching ``pattern`` under ``tests_dir``, except inside a site of its own (an mkdocs.yml)."""
    sites = [folder.parent for folder in tests_dir.rglob("mkdocs.yml")]
    return [
        path
        for path in sorted(tests_dir.rglob(pattern))
        if not any(path.is_relative_to(site) for site in sites)
    ]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _parse(source: bytes, path: Path, root: Path, ledger: TestLedger) -> ast.Module | None:
    try:
        return ast.parse(source, filename=str(path))
    except SyntaxError as error:
        ledger.problems.append(f"{_relative(path, root)}:{error.lineno}: cannot read the tests: {error.msg}")
        return None


def _is_claim_mark(node: ast.expr) -> bool:
    """``pytest.mark.claim`` or ``mark.claim`` (after ``from pytest import mark``)."""
    if not (isinstance(node, ast.Attribute) and node.attr == "claim"):
        return False
    parent = node.value
    return (isinstance(parent, ast.Attribute) and parent.attr == "mark") or (
        isinstance(parent, ast.Name) and parent.id == "mark"
    )


def _claim_marks(node: ast.AST) -> list[ast.Call]:
    """The claim marks that decorate ``node``, or that stand anywhere else (to report them)."""
    if isinstance(node, FunctionNode | ast.ClassDef):
        marks = []
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and _is_claim_mark(decorator.func):
                marks.append(decorator)
            elif _is_claim_mark(decorator):  # @pytest.mark.claim with no arguments
                marks.append(ast.Call(func=decorator, args=[], keywords=[], lineno=decorator.lineno))
        return marks
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.Expr) and node.value is not None:
        # pytestmark = pytest.mark.claim(...) or a stray call: not tied to one test.
        return [
            call for call in ast.walk(node.value) if isinstance(call, ast.Call) and _is_claim_mark(call.func)
        ]
    return []


def _claim_ids(call: ast.Call, where: str, ledger: TestLedger) -> list[str]:
    if not call.args or call.keywords:
        ledger.problems.append(
            f'{where}: write @pytest.mark.claim("<page>/<claim-id>", ...) with one or more claim ids'
        )
        return []
    ids = []
    for arg in call.args:
        value = arg.value if isinstance(arg, ast.Constant) else None
        page, _, claim = value.rpartition("/") if isinstance(value, str) else ("", "", "")
        if not (page and CLAIM_ID.fullmatch(claim) and all(CLAIM_ID.fullmatch(p) for p in page.split("/"))):
            ledger.problems.append(
                f"{where}: malformed claim id {ast.unparse(arg)}: expected a string "
                '"<page>/<claim-id>" such as "intervals/wald-undercovers"'
            )
            continue
        ids.append(str(value))
    return ids


def _module_functions(tree: ast.Module | None, course_names: set[str]) -> dict[str, Scoped]:
    if tree is None:
        return {}
    return {node.name: (node, course_names) for node in tree.body if isinstance(node, FunctionNode)}


def _course_names(tree: ast.Module, modules: tuple[str, ...]) -> set[str]:
    """The names a module binds to the course's code (``from snippets.x import y`` binds y).

    An entry of ``modules`` is a package (``snippets``: all of it) or one name in a
    module (``sitebuild.build``: only that function counts).
    """

    def is_course(module: str) -> bool:
        return any(module == m or module.startswith(f"{m}.") for m in modules)

    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {
                alias.asname or alias.name
                for alias in node.names
                if is_course(node.module) or f"{node.module}.{alias.name}" in modules
            }
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if is_course(alias.name):
                    names.add(alias.asname or alias.name.split(".")[0])
    return names


def _exercises_course(
    scoped: Scoped,
    functions: dict[str, Scoped],
    fixtures: frozenset[str],
    seen: set[str],
) -> bool:
    """Does the function reach the course's code, itself or through helpers and fixtures it uses?"""
    function, course_names = scoped
    seen.add(function.name)
    arguments = {arg.arg for arg in function.args.args + function.args.kwonlyargs}
    if arguments & fixtures:
        return True
    used = {node.id for node in ast.walk(function) if isinstance(node, ast.Name)} | arguments
    if used & course_names:
        return True
    return any(
        _exercises_course(functions[name], functions, fixtures, seen)
        for name in sorted(used)
        if name in functions and name not in seen
    )
