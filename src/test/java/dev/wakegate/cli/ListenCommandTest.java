package dev.wakegate.cli;

import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenCommandTest {
    @TempDir
    Path dir;

    @Test
    void aFileAsFastAsPossibleDrawsAPictureEveryFiftyMillisecondsOfAudioAndShowsTheDetection() throws IOException {
        // given
        Path model = dir.resolve("hey-computer.json");
        TemplateFile.write(Engine.heyComputer(TestData.VOICE), model);
        // when
        var r = Cli.run("listen", "--model", model.toString(), "--input", TestData.dev(TestData.VOICE, "positives/01.wav").toString());
        // then
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith(ListenCommand.HIDE_CURSOR + ListenCommand.CLEAR + ListenCommand.HOME), "hides the cursor and clears the screen");
        List<String> pictures = Arrays.stream(r.out().split("\033\\[H")).skip(1).toList();
        assertEquals(449 / ListenCommand.RENDER_FRAMES + 1, pictures.size(), "4.49 s of audio: one picture per 50 ms, and the last");
        String last = pictures.get(pictures.size() - 1);
        assertTrue(last.contains("Ended: end of input."), last);
        assertTrue(last.matches("(?s).*hey-computer   score (0\\.9\\d|1\\.00)  \\(word at 0\\.89-1\\.57 s\\).*"), last);
        assertTrue(last.endsWith(ListenCommand.SHOW_CURSOR + "Heard 4.5 s; 1 detection.\n"), "the cursor comes back: " + last);
        assertTrue(pictures.stream().anyMatch(p -> p.contains("voice (VAD)    SPEECH")), "the VAD opened");
        assertTrue(pictures.stream().anyMatch(p -> p.matches("(?s).*hey-computer   \\[#+\\|#+\\.*\\] 0\\.\\d\\d/0\\.50.*")), "the score crossed the threshold on screen");
        assertEquals("", r.err());
    }

    @Test
    void realtimeNeedsAFile() {
        var r = Cli.run("listen", "--model", "x.json", "--command", "cat", "--realtime");
        assertEquals(1, r.exit());
        assertEquals(List.of("wakegate: --realtime only applies to --input FILE"), r.errLines());
    }
}
