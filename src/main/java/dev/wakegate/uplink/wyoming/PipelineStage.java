package dev.wakegate.uplink.wyoming;

import dev.wakegate.internal.PeerText;

/** Stages of a Home Assistant pipeline, as named on the wire ({@code run-pipeline}). */
public enum PipelineStage {
    WAKE("wake"), IDENTITY("identity"), ASR("asr"), INTENT("intent"), HANDLE("handle"), TTS("tts");

    private final String wire;

    PipelineStage(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static PipelineStage fromWire(String s) throws ProtocolException {
        for (var stage : values()) if (stage.wire.equals(s)) return stage;
        throw ProtocolException.frame("unknown pipeline stage '" + PeerText.printable(s) + "'");
    }
}
