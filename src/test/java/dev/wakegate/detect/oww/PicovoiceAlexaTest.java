package dev.wakegate.detect.oww;

import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real people saying "alexa" (Picovoice's crowd-sourced recordings): a fixed fifth of them (every 8th file in
 * name order), each padded with 1 s of silence and scanned like {@code wakegate scan}. The whole set, noise and
 * false accepts are in {@code scripts/bench-oww.sh}.
 */
class PicovoiceAlexaTest {

    @Test
    void detectsAtLeast90PercentOfASubsetOfRealRecordings() {
        List<Path> all = OwwTestData.wavs(OwwTestData.ALEXA_CLIPS), subset = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 8) subset.add(all.get(i));
        var missed = new ArrayList<String>();
        try (var detector = OwwTestData.detector(0.5, OwwTestData.ALEXA)) {
            for (Path clip : subset) {
                var found = Engine.scan(detector, OwwTestData.padded(TestData.samples(clip), 1, 1));
                if (found.isEmpty()) missed.add(clip.getFileName().toString());
            }
        }
        int hits = subset.size() - missed.size();
        System.out.printf("Picovoice alexa subset: %d of %d detected; missed %s%n", hits, subset.size(), missed);
        assertTrue(hits >= 0.9 * subset.size(), hits + " of " + subset.size() + " detected; missed " + missed);
    }
}
