package dev.wakegate.gate;

import dev.wakegate.internal.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The --events-json contract: field names and values as other tools read them. */
class GateEventTest {
    @Test
    void streamStartCarriesTheFirstSampleTimeAndDestination() throws Exception {
        var json = Json.parseObject(new GateEvent.StreamStarted(42.951, 1, "hey-computer", 42.99, "127.0.0.1:8080").toJson());
        assertEquals("stream-start", json.get("type"));
        assertEquals(42.95, ((Number) json.get("t")).doubleValue());
        assertEquals(42.99, ((Number) json.get("first_sample_t")).doubleValue());
        assertEquals("127.0.0.1:8080", json.get("destination"));
    }

    @Test
    void resumedSaysWhoResumedAndWhosePauseStillHolds() throws Exception {
        var json = Json.parseObject(new GateEvent.Resumed(3, "server", List.of("control socket")).toJson());
        assertEquals(Map.of("t", json.get("t"), "type", "resumed", "by", "server", "still_paused_by", List.of("control socket")), json);
        assertEquals(List.of(), Json.parseObject(new GateEvent.Resumed(3, "server", List.of()).toJson()).get("still_paused_by"));
    }

    @Test
    void namesWithQuotesStayValidJson() throws Exception {
        var json = Json.parseObject(new GateEvent.Paused(1, "a \"quoted\"\nsource").toJson());
        assertEquals("a \"quoted\"\nsource", json.get("by"));
    }
}
