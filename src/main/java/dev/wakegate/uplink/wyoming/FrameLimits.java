package dev.wakegate.uplink.wyoming;

/**
 * Upper bounds on one Wyoming frame, checked before anything of that size is allocated. A frame over a limit
 * closes the connection.
 *
 * @param maxHeaderBytes  the JSON header line, newline included
 * @param maxDataBytes    the separate JSON data block ({@code data_length})
 * @param maxPayloadBytes the binary payload ({@code payload_length}), e.g. one audio chunk
 */
public record FrameLimits(int maxHeaderBytes, int maxDataBytes, int maxPayloadBytes) {
    /** 64 KiB header, 64 KiB data, 1 MiB payload: Home Assistant sends 2 KiB audio chunks and headers under 1 KiB. */
    public static final FrameLimits DEFAULT = new FrameLimits(64 * 1024, 64 * 1024, 1024 * 1024);
    private static final int HARD_MAX = 64 * 1024 * 1024;

    public FrameLimits {
        check("maxHeaderBytes", maxHeaderBytes, 64);
        check("maxDataBytes", maxDataBytes, 0);
        check("maxPayloadBytes", maxPayloadBytes, 0);
    }

    private static void check(String name, int value, int min) {
        if (value < min || value > HARD_MAX)
            throw new IllegalArgumentException(name + " must be " + min + ".." + HARD_MAX + ", not " + value);
    }
}
