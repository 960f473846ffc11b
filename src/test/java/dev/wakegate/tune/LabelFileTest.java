package dev.wakegate.tune;

import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static dev.wakegate.testing.UserErrors.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LabelFileTest {
    @Test
    void readsTheDevCorpusLabelsByHeaderWhateverTheOtherColumns() {
        // when
        var labels = LabelFile.read(TestData.dev(TestData.VOICE, "positives/labels.tsv"));
        // then: "01.wav 0.890 1.610 …" in the file
        assertEquals(20, labels.files());
        assertEquals(List.of(new Span(0.89, 1.61)), labels.spansOf(TestData.dev(TestData.VOICE, "positives/01.wav")));
        assertEquals(List.of(), labels.spansOf(Path.of("elsewhere/99.wav")));
    }

    @Test
    void withoutAHeaderTheFirstThreeColumnsAreFileStartEndAndAFileMayHaveSeveralRows() {
        var labels = LabelFile.parse(List.of("# kitchen takes", "k.wav\t1.5\t2.25", "k.wav\t7\t8\tsecond one", ""), "labels.tsv");
        assertEquals(List.of(new Span(1.5, 2.25), new Span(7, 8)), labels.spansOf(Path.of("/some/where/k.wav")));
    }

    @Test
    void aMalformedRowIsAUserErrorNamingTheLine() {
        assertUserError(() -> LabelFile.parse(List.of("file\tstart\tend", "a.wav\tone\t2"), "l.tsv"), "l.tsv line 2", "seconds");
        assertUserError(() -> LabelFile.parse(List.of("a.wav\t2\t1"), "l.tsv"), "l.tsv line 1", "start < end");
        assertUserError(() -> LabelFile.parse(List.of("a.wav 1 2"), "l.tsv"), "l.tsv line 1", "tab-separated");
    }
}
