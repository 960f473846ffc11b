package dev.wakegate.detect.oww;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where ONNX Runtime cannot run, the oww engine and embedding templates refuse with one line that names the way out. */
class OnnxPlatformTest {
    @Test
    void thirtyTwoBitArmIsRefusedWithTheTemplateEngineAndThe64BitOsAsTheWayOut() {
        for (String arch : new String[]{"arm", "armv7l", "armhf"}) {
            String why = Onnx.unsupported(arch);
            assertTrue(why.contains("no build for 32-bit Arm"), why);
            assertTrue(why.contains("--template-features mfcc") && why.contains("64-bit"), why);
            assertFalse(why.contains("\n"), "one line");
        }
    }

    @Test
    void sixtyFourBitMachinesAreNotRefused() {
        for (String arch : new String[]{"aarch64", "amd64", "x86_64"}) assertNull(Onnx.unsupported(arch), arch);
    }

    @Test
    void aLibraryThatCannotBeMappedFromANoexecTempDirectoryNamesTheDirectory() {
        var noexec = new UnsatisfiedLinkError("/run/wakegate/onnxruntime-java123/libonnxruntime.so: failed to map segment from shared object");
        String line = Onnx.cannotLoad(noexec, "/run/wakegate");
        assertTrue(line.contains("failed to map segment") && line.contains("/run/wakegate") && line.contains("noexec"), line);
        var other = new IllegalStateException("Unsupported arch:sparc");
        assertTrue(Onnx.cannotLoad(other, "/tmp").contains("Unsupported arch:sparc"));
        assertFalse(Onnx.cannotLoad(new InvocationTargetException(null), "/tmp").contains("\n"));
    }
}
