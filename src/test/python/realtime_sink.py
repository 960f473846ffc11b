#!/usr/bin/env python3
"""A loudspeaker for tests: takes raw 16-bit PCM on standard input at the pace a sound card would play it.

  realtime_sink.py RATE CHANNELS      (wakegate run --play-command "python3 realtime_sink.py {rate} {channels}")
"""
import sys
import time

rate, channels = int(sys.argv[1]), int(sys.argv[2])
start, received = time.monotonic(), 0
while block := sys.stdin.buffer.read(4096):
    received += len(block)
    ahead = received / (2 * channels * rate) - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
