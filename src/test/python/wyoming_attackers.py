#!/usr/bin/env python3
"""Peers on the LAN that try to take a Wyoming satellite from its Home Assistant, for tests. Each connects from its own
loopback address (127.0.0.2 and up: every 127.0.0.0/8 address is this machine, and the satellite sees them as other
hosts), reads whatever the satellite sends with the upstream library's reader, and counts the audio it gets.

  PYTHONPATH=../shared/peers/wyoming-1.9 wyoming_attackers.py HOST PORT ATTACK:START:SECONDS ...

ATTACK is one of
  silent     connects, sends run-satellite, then says nothing (reconnects whenever it is closed)
  trickle    four sockets, each sending a frame one byte every 5 s (each reconnects when closed)
  idle500    500 connections that send nothing, opened at once (and opened again as they are closed)
  flood2000  2,000 connects, each closed at once, as fast as they go
START and SECONDS: when it begins (seconds after this script starts) and how long it lasts.

Prints one JSON line per attack when it ends: {"attack", "connects", "refused", "frames", "audio_bytes", "info"}, where
audio_bytes counts the payload of every audio-chunk the satellite sent to that attack's sockets, and then
{"event": "done"}.
"""
import json
import socket
import sys
import threading
import time

from wyoming.event import read_event, write_event
from wyoming.satellite import RunSatellite

PADDING = 10


class Tally:
    def __init__(self, name):
        self.name = name
        self.lock = threading.Lock()
        self.connects = self.refused = self.frames = self.audio_bytes = self.info = 0

    def add(self, **counts):
        with self.lock:
            for key, value in counts.items():
                setattr(self, key, getattr(self, key) + value)

    def report(self):
        print(json.dumps({"attack": self.name, "connects": self.connects, "refused": self.refused, "frames": self.frames,
                          "audio_bytes": self.audio_bytes, "info": self.info}), flush=True)


def connect(host, port, source, tally, timeout=2.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.bind((source, 0))
        s.connect((host, port))
        tally.add(connects=1)
        return s
    except OSError:
        tally.add(refused=1)
        s.close()
        return None


def drain(s, tally):
    """Reads frames until the satellite closes the socket; counts audio."""
    try:
        s.settimeout(None)
        f = s.makefile("rb")
        while (event := read_event(f)) is not None:
            tally.add(frames=1)
            if event.type == "audio-chunk":
                tally.add(audio_bytes=len(event.payload or b""))
            if event.type == "info":
                tally.add(info=1)
    except (OSError, ValueError):
        pass
    finally:
        s.close()


def until(end):
    return time.monotonic() < end


def silent(host, port, end, tally, source="127.0.0.2"):
    while until(end):
        s = connect(host, port, source, tally)
        if s is None:
            time.sleep(0.2)
            continue
        try:
            with s.makefile("wb") as out:
                write_event(RunSatellite().event(), out)
        except OSError:
            pass
        drain(s, tally)
        time.sleep(0.2)


def trickler(host, port, end, tally, source):
    frame = b'{"type":"run-satellite","data_length":2}\n{}'
    while until(end):
        s = connect(host, port, source, tally)
        if s is None:
            time.sleep(0.5)
            continue
        reader = threading.Thread(target=drain, args=(s, tally), daemon=True)
        reader.start()
        try:
            for b in frame:
                if not until(end):
                    break
                s.sendall(bytes([b]))
                time.sleep(5)
        except OSError:
            pass
        reader.join(1)
        s.close()


def trickle(host, port, end, tally):
    threads = [threading.Thread(target=trickler, args=(host, port, end, tally, f"127.0.0.{3 + i}"), daemon=True) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def idle500(host, port, end, tally):
    def holder(source):
        while until(end):
            s = connect(host, port, source, tally)
            if s is None:
                time.sleep(0.5)
                continue
            drain(s, tally)

    threads = [threading.Thread(target=holder, args=(f"127.0.{1 + i // 250}.{2 + i % 250}",), daemon=True) for i in range(500)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def flood2000(host, port, end, tally):
    for i in range(2000):
        if not until(end):
            break
        s = connect(host, port, f"127.0.{3 + i // 250}.{2 + i % 250}", tally, timeout=1.0)
        if s is not None:
            s.close()


ATTACKS = {"silent": silent, "trickle": trickle, "idle500": idle500, "flood2000": flood2000}


def run(host, port, name, start, seconds):
    time.sleep(start)
    tally = Tally(name)
    ATTACKS[name](host, port, time.monotonic() + seconds, tally)
    tally.report()


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    threads = []
    for spec in sys.argv[3:]:
        name, start, seconds = spec.split(":")
        if name not in ATTACKS:
            sys.exit(f"unknown attack {name!r}: one of {', '.join(ATTACKS)}")
        threads.append(threading.Thread(target=run, args=(host, port, name, float(start), float(seconds)), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"event": "done"}), flush=True)


if __name__ == "__main__":
    main()
