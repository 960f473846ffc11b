package dev.wakegate.detect.vosk;

import dev.wakegate.audio.Pcm;
import dev.wakegate.internal.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A loaded Vosk model and the recognizers made from it. Loading checks everything it can in Java first
 * ({@link VoskModelLayout}), so a missing, incomplete or damaged model is one line naming the fetch script, and a missing
 * native library is one line naming the install script ({@link VoskNative}); neither is a JNA stack trace or a crash.
 *
 * <p>Vosk counts references natively: each recognizer holds the model, so closing this object after making the
 * recognizers is safe, and the model's memory is freed when the last recognizer is closed.
 */
public final class VoskModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VoskModel.class);

    private final VoskModelLayout layout;
    private final Model model;
    private final String unknownToken;
    private final Set<String> knownWords = new HashSet<>();

    private VoskModel(VoskModelLayout layout, Model model, String unknownToken) {
        this.layout = layout;
        this.model = model;
        this.unknownToken = unknownToken;
    }

    /**
     * Checks, then loads, a model. In order, so the cheap checks fail first: the directory's layout, a dynamic graph if
     * {@code grammar}, the phrases' words in its vocabulary, the native library, then Vosk's own loading.
     *
     * @param settings overrides of the model's decoder limits
     * @param phrases  phrases that will be used with this model (grammar or confirmation)
     * @param grammar  whether a grammar recognizer will be made (the detector)
     */
    public static VoskModel open(Path dir, DecoderSettings settings, List<Phrase> phrases, boolean grammar) {
        var layout = VoskModelLayout.check(dir);
        if (grammar) layout.requireGrammarSupport();
        String unknownToken = layout.requireWords(phrases);
        var model = load(layout, settings, unknownToken);
        model.knownWords.addAll(Phrase.distinctWords(phrases));
        return model;
    }

    private static VoskModel load(VoskModelLayout layout, DecoderSettings settings, String unknownToken) {
        VoskNative.load();
        long t0 = System.nanoTime();
        try (var overlay = settings.overlay(layout.dir())) {
            var model = new Model(overlay.dir().toString());
            log.info("vosk: loaded {} in {} ms{}", layout.name(), (System.nanoTime() - t0) / 1_000_000,
                    settings.isModelDefaults() ? "" : " with " + settings.overrides().values());
            return new VoskModel(layout, model, unknownToken);
        } catch (IOException e) {
            throw new UserError("Vosk could not load the model " + layout.dir() + " (run with -v to see Vosk's reason). Fix: delete it and "
                    + VoskModelLayout.fetchHint(layout.dir()), e);
        } catch (LinkageError e) {
            throw VoskNative.userError(e);
        }
    }

    public VoskModelLayout layout() {
        return layout;
    }

    /**
     * A recognizer limited to the phrases plus the unknown-word token, reporting words with conf and times in partial and final
     * results. Needs a dynamic graph (else Vosk would decode with no graph at all and crash) and the phrases' words in the
     * vocabulary (else Vosk drops them with a warning); both are checked here too.
     */
    public Decoder grammarDecoder(List<Phrase> phrases) {
        layout.requireGrammarSupport();
        requireWords(phrases);
        return decoder(phrases);
    }

    /** Checks that the model knows the phrases' words (reads the vocabulary only for words not checked before). */
    public void requireWords(List<Phrase> phrases) {
        var unchecked = phrases.stream().filter(p -> !knownWords.containsAll(p.words())).toList();
        if (unchecked.isEmpty()) return;
        layout.requireWords(unchecked);
        knownWords.addAll(Phrase.distinctWords(unchecked));
    }

    /** A recognizer over the model's whole vocabulary (no grammar), reporting words with conf and times. */
    public Decoder openDecoder() {
        return decoder(null);
    }

    private Decoder decoder(List<Phrase> grammar) {
        try {
            var r = grammar == null ? new Recognizer(model, Pcm.SAMPLE_RATE) : new Recognizer(model, Pcm.SAMPLE_RATE, Phrase.grammar(grammar, unknownToken));
            if (r.getPointer() == null) throw new IOException("no recognizer");   // the grammar constructor does not check
            r.setWords(true);
            r.setPartialWords(grammar != null);
            return new RecognizerDecoder(r);
        } catch (IOException e) {
            throw new UserError("Vosk could not make a recognizer from " + layout.dir() + " (run with -v to see why). Fix: "
                    + VoskModelLayout.fetchHint(layout.dir()), e);
        } catch (LinkageError e) {
            throw VoskNative.userError(e);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /** The JNA recognizer behind {@link Decoder}. */
    private record RecognizerDecoder(Recognizer recognizer) implements Decoder {
        @Override
        public boolean accept(short[] samples, int count) {
            return recognizer.acceptWaveForm(samples, count);
        }

        @Override
        public String partialResult() {
            return recognizer.getPartialResult();
        }

        @Override
        public String result() {
            return recognizer.getResult();
        }

        @Override
        public String finalResult() {
            return recognizer.getFinalResult();
        }

        @Override
        public void close() {
            recognizer.close();
        }
    }
}
