#!/usr/bin/env python3
"""Home Assistant's side of a Wyoming satellite, for tests: a faithful re-telling of WyomingAssistSatellite
(homeassistant/components/wyoming/assist_satellite.py in home-assistant/core) on the upstream Wyoming library.

The satellite loop is Home Assistant's, method by method and with its constants: run, _connect_and_loop,
_run_pipeline_loop (describe at its start, a ping 2 s after each pong, a 5 s timeout on every wait, "Unexpected event
from satellite" for anything it does not handle), _run_pipeline_once, on_pipeline_event (what each pipeline event
sends), _stream_tts (22050 Hz, 2048-byte chunks, the TTS timeout), async_announce (audio-start, chunks, audio-stop, then
waiting for played), _handle_timer (timer-started/updated/cancelled/finished), _muted_changed (pause-satellite, then
reconnect when unmuted) and stop_satellite. What Home Assistant's assist pipeline does between those events is
simulated: a voice activity detector over the satellite's audio that ends speech after 0.7 s of silence (Home
Assistant's default), a fixed transcript, a spoken reply (a tone) and RUN_END.

  PYTHONPATH=../shared/peers/wyoming-1.9 ha_satellite.py HOST PORT

Standard input takes commands, one per line: "announce SECONDS", "timer SECONDS [NAME]", "timer-cancel ID",
"timer-pause ID", "timer-resume ID", "mute", "unmute", "drop" (the network cuts the connection), "stop". Standard output gets a JSON line per thing that happened
({"t": seconds since start, "event": ...}): connected, disconnected, run-satellite, info, pong, pipeline-start,
voice-started, voice-stopped, audio-stop, transcript, tts, played, pipeline-end, announce, timer, unexpected, error.
"""
import array
import asyncio
import json
import math
import sys
import time
from enum import Enum

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioChunkConverter, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.error import Error
from wyoming.info import Describe, Info
from wyoming.ping import Ping, Pong
from wyoming.pipeline import PipelineStage, RunPipeline
from wyoming.satellite import PauseSatellite, RunSatellite
from wyoming.snd import Played
from wyoming.timer import TimerCancelled, TimerFinished, TimerStarted, TimerUpdated
from wyoming.tts import Synthesize
from wyoming.vad import VoiceStarted, VoiceStopped
from wyoming.wake import Detection

# assist_satellite.py's constants
_RECONNECT_SECONDS = 10
_RESTART_SECONDS = 3
_PING_TIMEOUT = 5
_PING_SEND_DELAY = 2
_TTS_SAMPLE_RATE = 22050
_AUDIO_CHUNK_BYTES = 2048
_TTS_TIMEOUT_EXTRA = 1.0

# the simulated assist pipeline
_VAD_SILENCE_SECONDS = 0.7   # Home Assistant's default end-of-speech silence
_VAD_TIMEOUT_SECONDS = 15.0  # a command longer than this is cut by the pipeline
TRANSCRIPT = "turn on the kitchen lights"
REPLY_TEXT = "Turned on the lights"
REPLY_SECONDS = 1.2

START = time.monotonic()


def report(event, **fields):
    print(json.dumps({"t": round(time.monotonic() - START, 3), "event": event, **fields}), flush=True)


class PipelineEventType(Enum):
    RUN_START = "run-start"
    STT_START = "stt-start"
    STT_VAD_START = "stt-vad-start"
    STT_VAD_END = "stt-vad-end"
    STT_END = "stt-end"
    TTS_START = "tts-start"
    TTS_END = "tts-end"
    ERROR = "error"
    RUN_END = "run-end"


_STAGES = {PipelineStage.ASR: "stt", PipelineStage.HANDLE: "intent", PipelineStage.TTS: "tts"}


def tone(seconds, rate, freq=440.0):
    n = int(seconds * rate)
    return array.array("h", (int(8000 * math.sin(2 * math.pi * freq * i / rate)) for i in range(n))).tobytes()


class Timers:
    """Home Assistant's timer manager, as far as a satellite sees it: ids, and finishing on time."""

    def __init__(self, satellite):
        self.satellite = satellite
        self.timers = {}
        self.next_id = 1

    def start(self, seconds, name=None):
        timer_id = f"timer-{self.next_id}"
        self.next_id += 1
        self.timers[timer_id] = {"seconds": seconds, "name": name, "active": True, "ends": time.monotonic() + seconds}
        self.satellite._handle_timer("started", timer_id, self.timers[timer_id])
        self.timers[timer_id]["task"] = asyncio.get_running_loop().create_task(self._finish(timer_id, seconds))
        return timer_id

    async def _finish(self, timer_id, seconds):
        await asyncio.sleep(seconds)
        timer = self.timers.pop(timer_id, None)
        if timer is not None:
            self.satellite._handle_timer("finished", timer_id, timer)

    def cancel(self, timer_id):
        timer = self.timers.pop(timer_id, None)
        if timer is not None:
            timer["task"].cancel()
            self.satellite._handle_timer("cancelled", timer_id, timer)

    def pause(self, timer_id, active):
        timer = self.timers.get(timer_id)
        if timer is None:
            return
        if active == timer["active"]:
            return
        if not active:
            timer["task"].cancel()
            timer["seconds"] = max(0, int(round(timer["ends"] - time.monotonic())))
        else:
            timer["ends"] = time.monotonic() + timer["seconds"]
            timer["task"] = asyncio.get_running_loop().create_task(self._finish(timer_id, timer["seconds"]))
        timer["active"] = active
        self.satellite._handle_timer("updated", timer_id, timer)


class WyomingAssistSatellite:
    """Mirrors homeassistant.components.wyoming.assist_satellite.WyomingAssistSatellite."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.is_running = True
        self.is_muted = False
        self._client = None
        self._chunk_converter = AudioChunkConverter(rate=16000, width=2, channels=1)
        self._is_pipeline_running = False
        self._pipeline_error = False
        self._pipeline_ended_event = asyncio.Event()
        self._audio_queue = asyncio.Queue()
        self._muted_changed_event = asyncio.Event()
        self._played_event_received = None
        self._run_loop_id = None
        self._pipelines = 0
        self._pipeline_task = None
        self._tts_played = {}
        self.timers = Timers(self)

    # ---- on_pipeline_event: what each assist pipeline event sends to the satellite

    def on_pipeline_event(self, event_type, data=None):
        if event_type == PipelineEventType.RUN_END:
            self._is_pipeline_running = False
            self._pipeline_ended_event.set()
        if self._client is None:
            return
        client = self._client
        if event_type == PipelineEventType.STT_START and data:
            self._background(client.write_event(Transcribe(language=data["metadata"]["language"]).event()))
        elif event_type == PipelineEventType.STT_VAD_START and data:
            self._background(client.write_event(VoiceStarted(timestamp=data["timestamp"]).event()))
        elif event_type == PipelineEventType.STT_VAD_END and data:
            self._background(client.write_event(VoiceStopped(timestamp=data["timestamp"]).event()))
        elif event_type == PipelineEventType.STT_END and data:
            self._background(client.write_event(Transcript(text=data["stt_output"]["text"]).event()))
        elif event_type == PipelineEventType.TTS_START and data:
            self._background(client.write_event(Synthesize(text=data["tts_input"]).event()))
        elif event_type == PipelineEventType.TTS_END and data:
            self._background(self._stream_tts(data["tts_output"]))
        elif event_type == PipelineEventType.ERROR:
            self._pipeline_error = True
            if data:
                self._background(client.write_event(Error(text=data["message"], code=data["code"]).event()))

    def _background(self, coroutine):
        task = asyncio.get_running_loop().create_task(coroutine)
        task.add_done_callback(self._background_done)

    @staticmethod
    def _background_done(task):
        if not task.cancelled() and task.exception() is not None:
            report("error", where="background task", error=f"{task.exception().__class__.__name__}: {task.exception()}")

    # ---- async_announce

    async def async_announce(self, seconds):
        if self._client is None:
            report("announce", played=False, error="Satellite is not connected")
            return
        if self._played_event_received is None:
            self._played_event_received = asyncio.Event()
        self._played_event_received.clear()
        await self._client.write_event(AudioStart(rate=_TTS_SAMPLE_RATE, width=2, channels=1, timestamp=0).event())
        timestamp = 0
        started = time.monotonic()
        try:
            audio = tone(seconds, _TTS_SAMPLE_RATE, 660.0)
            for i in range(0, len(audio), _AUDIO_CHUNK_BYTES):
                chunk = AudioChunk(rate=_TTS_SAMPLE_RATE, width=2, channels=1, audio=audio[i:i + _AUDIO_CHUNK_BYTES], timestamp=timestamp)
                await self._client.write_event(chunk.event())
                timestamp += chunk.milliseconds
        finally:
            await self._client.write_event(AudioStop().event())
            played = False
            if timestamp > 0:
                try:
                    await asyncio.wait_for(self._played_event_received.wait(), timestamp / 1000 + 0.5)
                    played = True
                except (TimeoutError, asyncio.TimeoutError):
                    report("error", where="async_announce", error="Did not receive played event for announcement")
            report("announce", played=played, seconds=seconds, waited=round(time.monotonic() - started, 3))

    # ---- run, and what it waits on

    def stop_satellite(self):
        self._audio_queue.put_nowait(None)
        self.is_running = False
        self._muted_changed_event.set()

    async def run(self):
        try:
            while self.is_running:
                try:
                    while self.is_muted:
                        await self.on_muted()
                        if not self.is_running:
                            return
                    await self._connect_and_loop()
                except asyncio.CancelledError:
                    raise
                except Exception as err:  # noqa: BLE001 — Home Assistant logs these at debug and reconnects
                    report("error", where="run", error=f"{err.__class__.__name__}: {err}")
                    self._audio_queue.put_nowait(None)
                    await self._cancel_running_pipeline()
                    await asyncio.sleep(_RESTART_SECONDS)  # on_restart
        finally:
            await self._cancel_running_pipeline()
            if self._client is not None:
                try:
                    await self._client.write_event(PauseSatellite().event())
                except (ConnectionError, OSError):
                    pass
            await self._disconnect()

    async def on_muted(self):
        await self._muted_changed_event.wait()

    def _send_pause(self):
        if self._client is not None:
            self._background(self._client.write_event(PauseSatellite().event()))

    def _muted_changed(self):
        if self.is_muted:
            self._audio_queue.put_nowait(None)
            self._send_pause()
        self._muted_changed_event.set()
        self._muted_changed_event.clear()

    async def _connect_and_loop(self):
        while self.is_running and not self.is_muted:
            try:
                await self._connect()
                break
            except ConnectionError:
                self._client = None
                await asyncio.sleep(_RECONNECT_SECONDS)  # on_reconnect
        if self._client is None:
            return
        report("connected")
        if (not self.is_running) or self.is_muted:
            return
        await self._client.write_event(RunSatellite().event())
        report("run-satellite")
        while self.is_running and not self.is_muted:
            await self._run_pipeline_loop()

    async def _run_pipeline_loop(self):
        client_info = None
        wake_word_phrase = None
        run_pipeline = None
        send_ping = True
        self._run_loop_id = time.monotonic_ns()

        loop = asyncio.get_running_loop()
        pipeline_ended_task = loop.create_task(self._pipeline_ended_event.wait())
        client_event_task = loop.create_task(self._client.read_event())
        pending = {pipeline_ended_task, client_event_task}
        try:
            await self._client.write_event(Describe().event())

            while self.is_running and not self.is_muted:
                if send_ping:
                    send_ping = False
                    self._background(self._send_delayed_ping())

                # Home Assistant: async with asyncio.timeout(_PING_TIMEOUT): around the wait and what follows
                done, pending = await asyncio.wait(pending, timeout=_PING_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
                if not done:
                    raise TimeoutError(f"no event from the satellite within {_PING_TIMEOUT} s")
                if pipeline_ended_task in done:
                    self._pipeline_ended_event.clear()
                    pipeline_ended_task = loop.create_task(self._pipeline_ended_event.wait())
                    pending.add(pipeline_ended_task)
                    wake_word_phrase = None
                    if run_pipeline is not None and run_pipeline.restart_on_end and not self._pipeline_error:
                        self._run_pipeline_once(run_pipeline)
                        continue

                if client_event_task not in done:
                    continue

                client_event = client_event_task.result()
                if client_event is None:
                    raise ConnectionResetError("Satellite disconnected")

                if Pong.is_type(client_event.type):
                    report("pong")
                    send_ping = True
                elif Ping.is_type(client_event.type):
                    ping = Ping.from_event(client_event)
                    await self._client.write_event(Pong(text=ping.text).event())
                elif RunPipeline.is_type(client_event.type):
                    run_pipeline = RunPipeline.from_event(client_event)
                    self._run_pipeline_once(run_pipeline, wake_word_phrase)
                elif AudioChunk.is_type(client_event.type) and (self._is_pipeline_running or wake_word_phrase is not None):
                    if not self._is_pipeline_running:
                        self._run_pipeline_once(RunPipeline(start_stage=PipelineStage.ASR, end_stage=PipelineStage.TTS), wake_word_phrase)
                    chunk = AudioChunk.from_event(client_event)
                    chunk = self._chunk_converter.convert(chunk)
                    self._audio_queue.put_nowait(chunk.audio)
                elif AudioStop.is_type(client_event.type) and self._is_pipeline_running:
                    report("audio-stop")
                    self._audio_queue.put_nowait(None)
                elif Info.is_type(client_event.type):
                    client_info = Info.from_event(client_event)
                    report("info", name=client_info.satellite.name if client_info.satellite else None,
                           wake_words=[m.name for w in client_info.wake for m in w.models])
                elif Detection.is_type(client_event.type):
                    detection = Detection.from_event(client_event)
                    wake_word_phrase = detection.name
                    if client_info is not None and client_info.wake is not None:
                        for wake_service in client_info.wake:
                            found = next((m for m in wake_service.models if m.name == detection.name), None)
                            if found is not None:
                                wake_word_phrase = found.phrase or found.name
                                break
                elif Played.is_type(client_event.type):
                    report("played")
                    self.tts_response_finished()
                    if self._played_event_received is not None:
                        self._played_event_received.set()
                else:
                    report("unexpected", type=client_event.type)

                client_event_task = loop.create_task(self._client.read_event())
                pending.add(client_event_task)
        finally:
            for task in pending:
                task.cancel()

    def _run_pipeline_once(self, run_pipeline, wake_word_phrase=None):
        if _STAGES.get(run_pipeline.start_stage) is None or _STAGES.get(run_pipeline.end_stage) is None:
            raise ValueError(f"Invalid stages: {run_pipeline}")
        self._audio_queue = asyncio.Queue()
        self._is_pipeline_running = True
        self._pipeline_error = False
        self._pipeline_ended_event.clear()
        self._pipelines += 1
        report("pipeline-start", pipeline=self._pipelines, wake_word_phrase=wake_word_phrase,
               start=run_pipeline.start_stage.value, end=run_pipeline.end_stage.value)
        self._pipeline_task = asyncio.get_running_loop().create_task(
            self.async_accept_pipeline_from_satellite(self._pipelines, self._stt_stream(), run_pipeline.end_stage))

    async def _cancel_running_pipeline(self):
        task, self._pipeline_task = self._pipeline_task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        self._is_pipeline_running = False

    async def _send_delayed_ping(self):
        try:
            await asyncio.sleep(_PING_SEND_DELAY)
            if self._client is None:
                return
            await self._client.write_event(Ping().event())
        except ConnectionError:
            pass

    async def _connect(self):
        await self._disconnect()
        self._client = AsyncTcpClient(self.host, self.port)
        await self._client.connect()

    async def _disconnect(self):
        if self._client is None:
            return
        client, self._client = self._client, None
        await client.disconnect()
        report("disconnected")

    async def _stream_tts(self, tts_output):
        client = self._client
        if client is None:
            return
        audio = tone(REPLY_SECONDS, _TTS_SAMPLE_RATE)
        start_time = time.monotonic()
        timestamp, total_seconds = 0, 0.0
        await client.write_event(AudioStart(rate=_TTS_SAMPLE_RATE, width=2, channels=1, timestamp=timestamp).event())
        for i in range(0, len(audio), _AUDIO_CHUNK_BYTES):
            chunk = AudioChunk(rate=_TTS_SAMPLE_RATE, width=2, channels=1, audio=audio[i:i + _AUDIO_CHUNK_BYTES], timestamp=timestamp)
            await client.write_event(chunk.event())
            timestamp += chunk.milliseconds
            total_seconds += chunk.seconds
        await client.write_event(AudioStop(timestamp=timestamp).event())
        report("tts", pipeline=tts_output["pipeline"], seconds=round(total_seconds, 3))
        timeout_seconds = max(0, total_seconds - (time.monotonic() - start_time) + _TTS_TIMEOUT_EXTRA)
        self._background(self._tts_timeout(timeout_seconds, self._run_loop_id, tts_output["pipeline"]))

    async def _stt_stream(self):
        while chunk := await self._audio_queue.get():
            yield chunk

    async def _tts_timeout(self, timeout_seconds, run_loop_id, pipeline):
        await asyncio.sleep(timeout_seconds + _TTS_TIMEOUT_EXTRA)
        if run_loop_id != self._run_loop_id:
            return
        if self._tts_played.get(pipeline) is None:
            report("error", where="_tts_timeout", error=f"no played for the reply of pipeline {pipeline}")
        self.tts_response_finished()

    def tts_response_finished(self):
        for pipeline in self._tts_played:
            if self._tts_played[pipeline] is None:
                self._tts_played[pipeline] = True

    def _handle_timer(self, event_type, timer_id, timer):
        if self._client is None:
            return
        report("timer", type=event_type, id=timer_id, seconds=timer["seconds"])
        if event_type == "started":
            event = TimerStarted(id=timer_id, total_seconds=timer["seconds"], name=timer["name"], start_seconds=timer["seconds"]).event()
        elif event_type == "updated":
            event = TimerUpdated(id=timer_id, is_active=timer["active"], total_seconds=timer["seconds"]).event()
        elif event_type == "cancelled":
            event = TimerCancelled(id=timer_id).event()
        else:
            event = TimerFinished(id=timer_id).event()
        self._background(self._client.write_event(event))

    # ---- the assist pipeline, simulated (Home Assistant runs STT, intent and TTS here)

    async def async_accept_pipeline_from_satellite(self, pipeline, audio_stream, end_stage):
        audio_bytes, voice_start, voice_end = 0, None, None
        try:
            self.on_pipeline_event(PipelineEventType.RUN_START)
            self.on_pipeline_event(PipelineEventType.STT_START, {"metadata": {"language": "en"}})
            vad = EnergyVad()
            async for chunk in audio_stream:
                ms_before = audio_bytes * 1000 // 32000
                audio_bytes += len(chunk)
                state = vad.process(chunk)
                if state == "start" and voice_start is None:
                    voice_start = ms_before
                    self.on_pipeline_event(PipelineEventType.STT_VAD_START, {"timestamp": voice_start})
                elif state == "end" and voice_start is not None:
                    voice_end = audio_bytes * 1000 // 32000
                    self.on_pipeline_event(PipelineEventType.STT_VAD_END, {"timestamp": voice_end})
                    break
                if audio_bytes / 32000 > _VAD_TIMEOUT_SECONDS:
                    break
            report("pipeline-audio", pipeline=pipeline, audio_bytes=audio_bytes, voice_start_ms=voice_start, voice_end_ms=voice_end)
            if voice_start is None:
                self.on_pipeline_event(PipelineEventType.ERROR, {"code": "stt-no-text-recognized", "message": "No text recognized"})
                return
            self.on_pipeline_event(PipelineEventType.STT_END, {"stt_output": {"text": TRANSCRIPT}})
            if end_stage == PipelineStage.TTS:
                self.on_pipeline_event(PipelineEventType.TTS_START, {"tts_input": REPLY_TEXT, "language": "en"})
                self._tts_played[pipeline] = None
                self.on_pipeline_event(PipelineEventType.TTS_END, {"tts_output": {"pipeline": pipeline}})
        finally:
            report("pipeline-end", pipeline=pipeline)
            self.on_pipeline_event(PipelineEventType.RUN_END)


class EnergyVad:
    """Speech when a 30 ms window is within 25 dB of the loudest so far (and over -50 dBFS); ends after 0.7 s of silence."""

    def __init__(self):
        self.peak, self.speaking, self.silence, self.speech = -120.0, False, 0.0, 0.0

    def process(self, chunk):
        pcm = array.array("h", chunk)
        result = None
        for i in range(0, len(pcm), 480):
            window = pcm[i:i + 480]
            if not window:
                continue
            rms = math.sqrt(sum(s * s for s in window) / len(window)) or 1.0
            db = 20 * math.log10(rms / 32768)
            self.peak = max(self.peak, db)
            seconds = len(window) / 16000
            if db > max(-50.0, self.peak - 25.0):
                self.speech += seconds
                self.silence = 0.0
                if not self.speaking and self.speech >= 0.09:
                    self.speaking = True
                    result = result or "start"
            else:
                self.silence += seconds
                if self.speaking and self.silence >= _VAD_SILENCE_SECONDS:
                    return "end"
        return result


async def commands(satellite):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            satellite.stop_satellite()
            return
        words = line.decode().split()
        if not words:
            continue
        command, args = words[0], words[1:]
        if command == "announce":
            loop.create_task(satellite.async_announce(float(args[0]) if args else 1.0))
        elif command == "timer":
            timer_id = satellite.timers.start(int(args[0]), " ".join(args[1:]) or None)
            report("timer-id", id=timer_id)
        elif command == "timer-cancel":
            satellite.timers.cancel(args[0])
        elif command in ("timer-pause", "timer-resume"):
            satellite.timers.pause(args[0], command == "timer-resume")
        elif command in ("mute", "unmute"):
            satellite.is_muted = command == "mute"
            satellite._muted_changed()
            report(command)
        elif command == "drop":
            # the network drops the connection under Home Assistant's feet (not something Home Assistant does itself)
            if satellite._client is not None and getattr(satellite._client, "_writer", None) is not None:
                satellite._client._writer.transport.abort()
            report("drop")
        elif command == "stop":
            satellite.stop_satellite()
            return
        else:
            report("error", where="commands", error=f"unknown command {command!r}")


async def main():
    host, port = sys.argv[1], int(sys.argv[2])
    satellite = WyomingAssistSatellite(host, port)
    command_task = asyncio.get_running_loop().create_task(commands(satellite))
    await satellite.run()
    command_task.cancel()
    report("stopped", pipelines=satellite._pipelines)


if __name__ == "__main__":
    asyncio.run(main())
