#!/usr/bin/env python3
"""Golden Wyoming frames, read and written by the upstream Wyoming library (the one Home Assistant uses).

Run with PYTHONPATH pointing at one version of the library (../shared/peers/wyoming-1.7.0 or wyoming-1.9).

  wyoming_golden.py write FRAMES MANIFEST
      Writes one frame for every event type the library defines, with every field set (as Home Assistant's
      AsyncTcpClient writes them: async_write_event), to FRAMES; MANIFEST gets a JSON line per frame: its type, the
      event's data and the hex of its payload.

  wyoming_golden.py read FRAMES EXPECTED
      Reads FRAMES (written by wakegate) twice, with async_read_event (Home Assistant's reader) and with read_event,
      turns each frame into the library's typed event (X.from_event, as Home Assistant's satellite loop does) and
      checks the fields EXPECTED names for it (a JSON line per frame: {"type": ..., "fields": {"a.b[0].c": value}}).
      Prints a JSON line per frame: {"type", "ok", "problem"}.
"""
import asyncio
import dataclasses
import enum
import importlib
import inspect
import json
import pkgutil
import sys
import types
import typing

import wyoming
from wyoming.event import Event, Eventable, async_read_event, async_write_event, read_event


def event_classes():
    """Every Eventable the library defines, by event type (a class answers is_type for its own type)."""
    found = {}
    for module_info in pkgutil.iter_modules(wyoming.__path__):
        if module_info.name in ("zeroconf", "http", "__main__"):
            continue  # discovery and the HTTP servers: no events, optional dependencies
        try:
            module = importlib.import_module("wyoming." + module_info.name)
        except ImportError:
            continue  # optional dependencies (http servers)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Eventable) and cls is not Eventable and dataclasses.is_dataclass(cls):
                type_name = type_of(module, cls)
                if type_name:
                    found[type_name] = cls
    return found


def type_of(module, cls):
    for name, value in vars(module).items():
        if name.endswith("_TYPE") and isinstance(value, str) and name != "_TYPE" and cls.is_type(value):
            return value
    return None


def sample(tp, name, depth=0):
    """A value of type tp for a field called name: every optional field set, so that every key travels."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or isinstance(tp, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return sample(inner[0], name, depth)
    if origin in (list, typing.List):
        return [sample(args[0], name, depth + 1)] if args else []
    if origin in (dict, typing.Dict):
        return {"key": "value"}
    if tp is typing.Any:
        return "any"
    if inspect.isclass(tp) and issubclass(tp, enum.Enum):
        members = list(tp)
        return members[1] if name == "end_stage" and len(members) > 1 else members[min(1, len(members) - 1)]
    if tp is bool:
        return True
    if tp is int:
        return {"rate": 22050, "width": 2, "channels": 1}.get(name, 3)
    if tp is float:
        return 0.5
    if tp is bytes:
        return bytes(range(256)) * 8
    if tp is str:
        return "text: äß ✓ " + name
    if dataclasses.is_dataclass(tp):
        return build(tp, depth + 1)
    raise TypeError(f"no sample for {tp} ({name})")


def build(cls, depth=0):
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        kwargs[f.name] = sample(hints[f.name], f.name, depth)
    if cls.__name__ == "RunPipeline":  # its stages must make sense together
        stage = hints["start_stage"]
        kwargs["start_stage"], kwargs["end_stage"] = stage("asr"), stage("tts")
    return cls(**kwargs)


async def write_all(path, manifest):
    objects = [build(cls) for _, cls in sorted(event_classes().items())]

    class FileWriter:
        def __init__(self, f):
            self.f = f

        def write(self, data):
            self.f.write(data)

        def writelines(self, lines):
            for line in lines:
                self.f.write(line)

        async def drain(self):
            pass

    with open(path, "wb") as frames, open(manifest, "w") as out:
        for obj in objects:
            event = obj.event()
            await async_write_event(event, FileWriter(frames))
            out.write(json.dumps({"type": event.type, "data": event.data,
                                  "payload": (event.payload or b"").hex()}) + "\n")


def resolve(obj, path):
    """'satellite.name' or 'wake[0].models[0].phrase' on a typed event."""
    for part in path.replace("]", "").split("."):
        name, *indexes = part.split("[")
        if name:
            obj = obj[name] if isinstance(obj, dict) else getattr(obj, name)
        for i in indexes:
            obj = obj[int(i)]
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, bytes):
        return obj.hex()
    return obj


def check(event, expected, classes):
    if event is None:
        return "the library read no event (end of stream or a frame it cannot parse)"
    if event.type != expected["type"]:
        return f"type {event.type!r}, expected {expected['type']!r}"
    cls = classes.get(event.type)
    if cls is None:
        return f"the library has no event type {event.type!r}"
    try:
        typed = cls.from_event(event)
    except Exception as e:  # noqa: BLE001 — the point is to see what Home Assistant would hit
        return f"{cls.__name__}.from_event raised {e.__class__.__name__}: {e}"
    for path, want in expected["fields"].items():
        try:
            got = resolve(typed, path)
        except Exception as e:  # noqa: BLE001
            return f"{path}: {e.__class__.__name__}: {e}"
        if got != want:
            return f"{path} = {got!r}, expected {want!r}"
    return None


async def read_async(path):
    reader = asyncio.StreamReader()
    with open(path, "rb") as f:
        reader.feed_data(f.read())
    reader.feed_eof()
    events = []
    while (event := await async_read_event(reader)) is not None:
        events.append(event)
    return events


def read_sync(path):
    events = []
    with open(path, "rb") as f:
        while (event := read_event(f)) is not None:
            events.append(event)
    return events


def read_all(path, expected_path):
    classes = event_classes()
    expected = [json.loads(line) for line in open(expected_path) if line.strip()]
    for reader, events in (("async_read_event", asyncio.run(read_async(path))), ("read_event", read_sync(path))):
        for i, want in enumerate(expected):
            event = events[i] if i < len(events) else None
            problem = check(event, want, classes)
            print(json.dumps({"reader": reader, "type": want["type"], "ok": problem is None, "problem": problem}))
        if len(events) > len(expected):
            print(json.dumps({"reader": reader, "type": events[len(expected)].type, "ok": False,
                              "problem": f"{len(events) - len(expected)} frame(s) more than expected"}))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "write":
        asyncio.run(write_all(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "read":
        read_all(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2 and sys.argv[1] == "version":
        print(wyoming.__version__)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
