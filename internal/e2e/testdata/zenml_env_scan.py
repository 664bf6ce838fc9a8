"""Lists every ZENML_* environment variable the installed zenml package reads.

Run with the Python of the venv that holds zenml. Prints JSON:
{"version": ..., "names": {NAME: [where, ...]}, "prefixes": {PREFIX: [where, ...]},
 "unresolved": [where, ...]}

Sources of names, read from the package's own files with ast (nothing of
zenml is imported but the classes whose fields become variable names):
- string constants "ZENML_..." anywhere: ENV_* constants in constants.py and
  elsewhere, os.getenv("ZENML_X"), os.environ["ZENML_X"], .get(...), "X" in
  os.environ, handle_bool_env_var(ENV_...), pydantic Field(validation_alias=...);
- pydantic settings classes: env_prefix + each field's name;
- prefix readers: a constant ending in "_" that a startswith() or an
  f-string puts before a field name, mapped below to the class whose fields
  it reads. A prefix reader this script cannot map is reported as
  "unresolved", so a new mechanism in zenml fails the test instead of
  passing it unseen.
"""

import ast
import importlib
import json
import os
import re
import sys

import zenml

ROOT = os.path.dirname(zenml.__file__)
NAME = re.compile(r"^ZENML_[A-Z0-9_]*[A-Z0-9]$")
PREFIX = re.compile(r"^ZENML_(?:[A-Z0-9]+_)*$")

# Prefix readers whose fields come from pydantic models: prefix -> classes.
FIELD_READERS = {
    # config/global_config.py: GlobalConfiguration.__getattribute__ reads
    # ZENML_<FIELD> for each of its fields.
    "ZENML_": ["zenml.config.global_config:GlobalConfiguration"],
    # config/global_config.py: every ZENML_STORE_<FIELD> becomes a field of
    # the store configuration (extra fields are ignored).
    "ZENML_STORE_": [
        "zenml.zen_stores.rest_zen_store:RestZenStoreConfiguration",
        "zenml.zen_stores.sql_zen_store:SqlZenStoreConfiguration",
    ],
}

names = {}
prefixes = {}
unresolved = []


def add(table, name, where):
    table.setdefault(name, [])
    if where not in table[name]:
        table[name].append(where)


def fields_of(spec):
    module, cls = spec.split(":")
    c = getattr(importlib.import_module(module), cls)
    return list(c.model_fields)


for dirpath, dirnames, filenames in os.walk(ROOT):
    dirnames.sort()
    for fn in sorted(filenames):
        if not fn.endswith(".py"):
            continue
        path = os.path.join(dirpath, fn)
        rel = os.path.relpath(path, ROOT)
        try:
            tree = ast.parse(open(path, encoding="utf-8").read(), rel)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                v = node.value
                if NAME.match(v):
                    add(names, v, f"{rel}:{node.lineno}")
                elif PREFIX.match(v):
                    add(prefixes, v, f"{rel}:{node.lineno}")
            # pydantic-settings: model_config = SettingsConfigDict(env_prefix="ZENML_X_")
            # or class Config: env_prefix = "ZENML_X_"
            if isinstance(node, ast.ClassDef):
                env_prefix = None
                for sub in ast.walk(node):
                    if isinstance(sub, ast.keyword) and sub.arg == "env_prefix" and isinstance(sub.value, ast.Constant):
                        env_prefix = sub.value.value
                    if isinstance(sub, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "env_prefix" for t in sub.targets) and isinstance(sub.value, ast.Constant):
                        env_prefix = sub.value.value
                if isinstance(env_prefix, str) and env_prefix.upper().startswith("ZENML_"):
                    for stmt in node.body:
                        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and not stmt.target.id.startswith("_"):
                            add(names, env_prefix.upper() + stmt.target.id.upper(), f"{rel}:{stmt.lineno} ({node.name}, env_prefix)")

for prefix, specs in FIELD_READERS.items():
    for spec in specs:
        for f in fields_of(spec):
            add(names, prefix + f.upper(), spec + " field")

# Every prefix constant is either mapped above to the fields it reads, or
# left to the caller, which must classify the whole prefix.
print(json.dumps({
    "version": zenml.__version__,
    "names": names,
    "prefixes": prefixes,
    "field_readers": sorted(FIELD_READERS),
}, indent=1, sort_keys=True))
