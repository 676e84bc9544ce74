"""Discord's limits on messages, embeds, components, modals and choices, answered with
Discord's error JSON."""

from __future__ import annotations

from collections.abc import (
    Iterator,
    Sequence,
)
from typing import Any

from bot.devtools.fake_discord.constants import (
    ACTION_ROW,
    BUTTON,
    CHECKBOX,
    CHECKBOX_GROUP,
    FILE_UPLOAD,
    FLAG_COMPONENTS_V2,
    JSON,
    LABEL,
    RADIO_GROUP,
    SELECT_TYPES,
    STRING_SELECT,
    TEXT_DISPLAY,
    TEXT_INPUT,
)
from bot.devtools.fake_discord.model import _walk_components


class _Errors:
    """Collects Discord-style field errors ("Invalid Form Body", code 50035)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []

    def add(self, path: str, code: str, message: str) -> None:
        self.items.append((path, code, message))

    def max_len(self, path: str, value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def in_range(self, path: str, value: Any, low: int, high: int) -> None:
        if value is None:
            return
        if int(value) < low:
            self.add(path, "NUMBER_TYPE_MIN", f"Must be greater than or equal to {low}.")
        elif int(value) > high:
            self.add(path, "NUMBER_TYPE_MAX", f"Must be less than or equal to {high}.")

    def required(self, path: str, value: Any) -> None:
        if value is None or value == "":
            self.add(path, "BASE_TYPE_REQUIRED", "This field is required")

    def prefixed(self, prefix: str) -> _Errors:
        """The same errors under ``prefix`` (e.g. ``data`` for interaction callbacks)."""
        out = _Errors()
        for path, code, message in self.items:
            out.add(f"{prefix}.{path}" if path else prefix, code, message)
        return out

    def lines(self) -> list[str]:
        return [f"{path}: {message}" for path, _code, message in self.items]

    def tree(self) -> JSON:
        """Errors nested the way Discord nests them."""
        root: JSON = {}
        for path, code, message in self.items:
            node = root
            for part in path.split("."):
                node = node.setdefault(part, {})
            node.setdefault("_errors", []).append({"code": code, "message": message})
        return root


def _check_embeds(errors: _Errors, embeds: Sequence[JSON], prefix: str = "embeds") -> None:
    if len(embeds) > 10:
        errors.add(prefix, "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        path = f"{prefix}.{i}"
        for key, limit in (("title", 256), ("description", 4096)):
            errors.max_len(f"{path}.{key}", embed.get(key), limit)
            total += len(embed.get(key) or "")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors.add(f"{path}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for j, embed_field in enumerate(fields):
            errors.required(f"{path}.fields.{j}.name", embed_field.get("name"))
            errors.required(f"{path}.fields.{j}.value", embed_field.get("value"))
            errors.max_len(f"{path}.fields.{j}.name", embed_field.get("name"), 256)
            errors.max_len(f"{path}.fields.{j}.value", embed_field.get("value"), 1024)
            total += len(embed_field.get("name") or "") + len(embed_field.get("value") or "")
        footer = (embed.get("footer") or {}).get("text")
        errors.max_len(f"{path}.footer.text", footer, 2048)
        author = (embed.get("author") or {}).get("name")
        errors.max_len(f"{path}.author.name", author, 256)
        total += len(footer or "") + len(author or "")
    if total > 6000:
        errors.add(prefix, "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")


def _check_select(errors: _Errors, path: str, select: JSON) -> None:
    errors.max_len(f"{path}.placeholder", select.get("placeholder"), 150)
    errors.in_range(f"{path}.min_values", select.get("min_values"), 0, 25)
    errors.in_range(f"{path}.max_values", select.get("max_values"), 1, 25)
    if select.get("type") == STRING_SELECT:
        options = select.get("options") or []
        if not 1 <= len(options) <= 25:
            errors.add(
                f"{path}.options", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."
            )
        for k, option in enumerate(options):
            for key in ("label", "value"):
                errors.required(f"{path}.options.{k}.{key}", option.get(key))
            for key in ("label", "value", "description"):
                errors.max_len(f"{path}.options.{k}.{key}", option.get(key), 100)
        max_values = select.get("max_values", 1)
        if options and max_values > len(options):
            errors.add(
                f"{path}.max_values",
                "BASE_TYPE_MAX",
                f"Must be less than or equal to {len(options)}.",
            )


def _check_components(errors: _Errors, components: Sequence[JSON], flags: int) -> None:
    seen: set[str] = set()
    for path, component in _component_paths(components, "components"):
        custom_id = component.get("custom_id")
        if custom_id is not None:
            errors.max_len(f"{path}.custom_id", custom_id, 100)
            if custom_id in seen:
                errors.add(
                    f"{path}.custom_id",
                    "COMPONENT_CUSTOM_ID_DUPLICATED",
                    "Component custom id cannot be duplicated",
                )
            seen.add(custom_id)
        ctype = component.get("type")
        if ctype == BUTTON:
            errors.max_len(f"{path}.label", component.get("label"), 80)
            style = component.get("style")
            if style == 5 and not component.get("url"):
                errors.required(f"{path}.url", None)
            elif style not in (5, 6) and not custom_id:
                errors.required(f"{path}.custom_id", None)
        elif ctype in SELECT_TYPES:
            _check_select(errors, path, component)
    if flags & FLAG_COMPONENTS_V2:
        return
    if len(components) > 5:
        errors.add("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    for i, row in enumerate(components):
        if row.get("type") != ACTION_ROW:
            errors.add(
                f"components.{i}",
                "UNION_TYPE_CHOICES",
                "Top-level components must be action rows without the components v2 flag",
            )
            continue
        children = row.get("components") or []
        buttons = sum(1 for c in children if c.get("type") == BUTTON)
        selects = sum(1 for c in children if c.get("type") in SELECT_TYPES)
        if buttons > 5 or (selects and (selects > 1 or buttons)) or not children:
            errors.add(
                f"components.{i}.components",
                "BASE_TYPE_BAD_LENGTH",
                "An action row holds 1-5 buttons or exactly one select",
            )


def _component_paths(components: Sequence[JSON], prefix: str) -> Iterator[tuple[str, JSON]]:
    """Yield ``(error path, component)`` for every component, depth first."""
    for i, component in enumerate(components):
        yield from _component_and_children(component, f"{prefix}.{i}")


def _component_and_children(component: JSON, path: str) -> Iterator[tuple[str, JSON]]:
    yield path, component
    yield from _component_paths(component.get("components") or [], f"{path}.components")
    for key in ("component", "accessory"):
        child = component.get(key)
        if isinstance(child, dict):
            yield from _component_and_children(child, f"{path}.{key}")


def _check_message(body: JSON, new_files: int, *, creating: bool) -> _Errors:
    errors = _Errors()
    errors.max_len("content", body.get("content"), 2000)
    _check_embeds(errors, body.get("embeds") or [])
    _check_components(errors, body.get("components") or [], int(body.get("flags") or 0))
    if creating and not any(
        (
            body.get("content"),
            body.get("embeds"),
            body.get("components"),
            new_files,
            body.get("sticker_ids"),
            body.get("poll"),
        )
    ):
        errors.add("", "EMPTY", "Cannot send an empty message")
    return errors


def message_problems(body: JSON) -> list[str]:
    """What Discord would refuse in a message body (content, embeds, components), as
    ``path: message`` lines: the checks the fake applies to every message it receives."""
    return _check_message(body, 0, creating=True).lines()


def modal_problems(data: JSON) -> list[str]:
    """What Discord would refuse in a modal, as ``path: message`` lines."""
    return _check_modal(data).lines()


def _check_modal(data: JSON) -> _Errors:
    errors = _Errors()
    errors.required("title", data.get("title"))
    errors.max_len("title", data.get("title"), 45)
    errors.required("custom_id", data.get("custom_id"))
    errors.max_len("custom_id", data.get("custom_id"), 100)
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        errors.add("components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
    for i, top in enumerate(components):
        path = f"components.{i}"
        if top.get("type") == ACTION_ROW:
            inner = top.get("components") or []
            if len(inner) != 1 or inner[0].get("type") != TEXT_INPUT:
                errors.add(
                    path, "BASE_TYPE_BAD_LENGTH", "A modal action row holds exactly one text input"
                )
                continue
            errors.required(f"{path}.components.0.label", inner[0].get("label"))
            errors.max_len(f"{path}.components.0.label", inner[0].get("label"), 45)
            _check_text_input(errors, f"{path}.components.0", inner[0])
        elif top.get("type") == LABEL:
            errors.required(f"{path}.label", top.get("label"))
            errors.max_len(f"{path}.label", top.get("label"), 45)
            errors.max_len(f"{path}.description", top.get("description"), 100)
            child = top.get("component") or {}
            if child.get("type") == TEXT_INPUT:
                _check_text_input(errors, f"{path}.component", child)
            elif child.get("type") in SELECT_TYPES:
                _check_select(errors, f"{path}.component", child)
            elif child.get("type") not in (FILE_UPLOAD, RADIO_GROUP, CHECKBOX_GROUP, CHECKBOX):
                errors.add(
                    f"{path}.component", "UNION_TYPE_CHOICES", "Unsupported component in a label"
                )
        elif top.get("type") != TEXT_DISPLAY:
            errors.add(
                path, "UNION_TYPE_CHOICES", "Modals take action rows, labels or text displays"
            )
    return errors


def _check_text_input(errors: _Errors, path: str, text_input: JSON) -> None:
    errors.required(f"{path}.custom_id", text_input.get("custom_id"))
    errors.max_len(f"{path}.custom_id", text_input.get("custom_id"), 100)
    errors.max_len(f"{path}.placeholder", text_input.get("placeholder"), 100)
    errors.max_len(f"{path}.value", text_input.get("value"), 4000)
    errors.in_range(f"{path}.min_length", text_input.get("min_length"), 0, 4000)
    errors.in_range(f"{path}.max_length", text_input.get("max_length"), 1, 4000)
    if text_input.get("style") not in (1, 2):
        errors.add(f"{path}.style", "BASE_TYPE_CHOICES", "Value must be one of (1, 2).")


def _check_choices(choices: Sequence[JSON]) -> _Errors:
    errors = _Errors()
    if len(choices) > 25:
        errors.add("choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for i, choice in enumerate(choices):
        errors.required(f"choices.{i}.name", choice.get("name"))
        errors.max_len(f"choices.{i}.name", choice.get("name"), 100)
        errors.max_len(f"choices.{i}.value", choice.get("value"), 100)
    return errors


def _assign_component_ids(components: list[JSON]) -> None:
    """Number components depth first, as Discord does for components without an ``id``."""
    used = {c["id"] for c in _walk_components(components) if isinstance(c.get("id"), int)}
    counter = 1
    for component in _walk_components(components):
        if "id" not in component:
            while counter in used:
                counter += 1
            component["id"] = counter
            used.add(counter)
