package dev.wakegate.cli;

import dev.wakegate.audio.AudioInputs;
import dev.wakegate.audio.AudioInputs.RawFormat;
import dev.wakegate.audio.InputFormat;
import dev.wakegate.audio.PcmDecoder;
import dev.wakegate.audio.SampleEncoding;
import picocli.CommandLine.Option;

/** How input audio is read: channel selection, and the format of raw PCM on stdin or from a command. */
final class AudioOptions {
    @Option(names = "--channel", paramLabel = "N", descriptionKey = "channel",
            description = "Use only channel N (0-based) of a multi-channel input, e.g. one mic of an array. Default: average all channels.")
    Integer channel;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "16000", descriptionKey = "rate",
            description = "Sample rate of raw PCM input (stdin '-', --command). WAV headers say their own. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--channels", paramLabel = "N", defaultValue = "1", descriptionKey = "channels",
            description = "Channel count of raw PCM input. Default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(names = "--sample-format", paramLabel = "FMT", defaultValue = "S16_LE", descriptionKey = "sample-format",
            description = "Sample encoding of raw PCM input: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    SampleEncoding sampleFormat;

    int channelOrDownmix() {
        return channel == null ? InputFormat.DOWNMIX : channel;
    }

    RawFormat raw() {
        return new RawFormat(sampleFormat, rate, channels);
    }

    PcmDecoder open(String input) {
        return AudioInputs.open(input, raw(), channelOrDownmix(), System.in);
    }
}
