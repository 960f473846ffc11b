package dev.wakegate.detect.vosk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class VoskNativeTest {
    /** What JNA throws on a Pi without libvosk (first use: inside the class initialiser's error). */
    private static final String JNA_MESSAGE = """
            Unable to load library 'vosk':
            libvosk.so: cannot open shared object file: No such file or directory
            libvosk.so: cannot open shared object file: No such file or directory
            Native library (linux-aarch64/libvosk.so) not found in resource path (/opt/wakegate/wakegate.jar)""";

    @Test
    void aMissingLibraryOnAPiNamesTheInstallScriptInOneLine() {
        var error = new ExceptionInInitializerError(new UnsatisfiedLinkError(JNA_MESSAGE));
        assertEquals("cannot load the Vosk native library (libvosk) for linux-aarch64: libvosk.so: cannot open shared object file:"
                + " No such file or directory. Fix: sudo scripts/install-vosk-native.sh", VoskNative.explain(error, "Linux", "aarch64"));
    }

    @Test
    void aMissingDependencyIsNamed() {
        var error = new UnsatisfiedLinkError("Unable to load library 'vosk':\nlibatomic.so.1: cannot open shared object file: No such file or directory");
        String m = VoskNative.explain(error, "Linux", "arm");
        assertTrue(m.contains("libatomic.so.1"), m);
        assertTrue(m.endsWith("Fix: sudo scripts/install-vosk-native.sh"), m);
    }

    @Test
    void laterUsesAfterAFailedLoadGetTheSameAdvice() {
        var error = new NoClassDefFoundError("Could not initialize class org.vosk.LibVosk");
        String m = VoskNative.explain(error, "Linux", "aarch64");
        assertTrue(m.contains("Could not initialize class org.vosk.LibVosk"), m);
        assertTrue(m.endsWith("Fix: sudo scripts/install-vosk-native.sh"), m);
    }

    @Test
    void elsewhereTheAdviceFitsThePlatform() {
        var error = new UnsatisfiedLinkError("Unable to load library 'vosk':\nlibvosk.so: cannot open shared object file: No such file or directory");
        assertTrue(VoskNative.explain(error, "Linux", "amd64").endsWith("the build is incomplete: rebuild with ./mvnw -q -B -DskipTests package"));
        assertTrue(VoskNative.explain(error, "Linux", "riscv64").contains("no official libvosk for this platform"));
    }

    @Test
    void theRealLibraryLoadsHereOnX8664Linux() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the Vosk jar carries libvosk for x86-64 Linux only among Linux platforms");
        VoskNative.load();
    }
}
