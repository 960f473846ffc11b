package dev.wakegate.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite's own helper: a missing shared folder fails with a message that says how to provide it. */
class TestDataTest {
    @Test
    void theSharedCorpusIsFound() {
        // when / then
        assertTrue(Files.isDirectory(TestData.shared().resolve("corpus/dev/" + TestData.VOICE)));
    }

    @Test
    void aMissingSharedFolderFailsNamingThePropertyToSet() {
        // given
        String saved = System.getProperty(TestData.PROPERTY);
        System.setProperty(TestData.PROPERTY, "/nonexistent/shared");
        try {
            // when
            var e = assertThrows(AssertionFailedError.class, TestData::shared);
            // then
            assertTrue(e.getMessage().contains("/nonexistent/shared") && e.getMessage().contains("-Dwakegate.shared="), e.getMessage());
        } finally {
            if (saved == null) System.clearProperty(TestData.PROPERTY); else System.setProperty(TestData.PROPERTY, saved);
        }
    }

    @Test
    void aMissingSharedFileFailsNamingIt() {
        // when
        var e = assertThrows(AssertionFailedError.class, () -> TestData.file("corpus/dev/nobody/enroll/1.wav"));
        // then
        assertTrue(e.getMessage().contains("corpus/dev/nobody/enroll/1.wav"), e.getMessage());
    }
}
