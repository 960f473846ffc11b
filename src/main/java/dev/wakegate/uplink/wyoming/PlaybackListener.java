package dev.wakegate.uplink.wyoming;

/**
 * Hears when wakegate plays sound (a reply, a cue), so that the detector can stay deaf to its own voice: during
 * playback and for {@code --mute-after-reply} seconds after it. Called on the playback thread
 * ({@code wg-play}); implementations must not block (enqueue a gate event). Every {@code started} is followed by
 * exactly one {@code finished}, also when playback fails or is skipped.
 */
public interface PlaybackListener {
    PlaybackListener NONE = new PlaybackListener() {
        @Override
        public void started() {}

        @Override
        public void finished() {}
    };

    void started();

    void finished();
}
