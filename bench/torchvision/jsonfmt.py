"""JSON the way these fixtures are kept: readable, and small in a diff (each list row on one line)."""

import json


def compact(value):
    return json.dumps(value, separators=(", ", ": "))


def dump(document, path):
    """Writes document (a dict): small values on one line each, lists one element a line, dicts of
    dicts one entry a line."""
    lines = ["{"]
    items = list(document.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and len(compact(value)) > 100:
            body = ",\n".join("    " + compact(v) for v in value)
            lines.append(f"  {json.dumps(key)}: [\n{body}\n  ]{comma}")
        elif isinstance(value, dict) and len(compact(value)) > 100:
            body = ",\n".join(f"    {json.dumps(k)}: {compact(v)}" for k, v in value.items())
            lines.append(f"  {json.dumps(key)}: {{\n{body}\n  }}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {compact(value)}{comma}")
    lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
