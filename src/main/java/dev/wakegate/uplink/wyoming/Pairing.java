package dev.wakegate.uplink.wyoming;

import dev.wakegate.internal.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * Which Home Assistant this satellite belongs to. Wyoming has no authentication, so the satellite pins its server by
 * address: the one given with {@code --home-assistant} (pinned), or the one that connected during a pairing window
 * ({@code wakegate ctl pair}), stored in a file so that it survives restarts. Only the paired Home Assistant (and
 * peers the owner allows with {@code --allow}) may run the satellite; everyone else gets {@code describe} answers at
 * most.
 *
 * <p>Thread-safe.
 */
public final class Pairing {
    private static final Logger log = LoggerFactory.getLogger(Pairing.class);

    /** Hears a new pairing: the address, and who opened the window. */
    public interface Listener {
        void paired(InetAddress address, String openedBy);
    }

    private final Path file;
    private final boolean pinned;
    private volatile InetAddress paired;
    private volatile Listener listener = (a, by) -> {};
    // guarded by this
    private long windowEndsNanos;
    private String windowOpenedBy;

    private Pairing(Path file, InetAddress paired, boolean pinned) {
        this.file = file;
        this.paired = paired;
        this.pinned = pinned;
    }

    /** {@code --home-assistant ADDRESS}: this one, always; no window can change it. */
    public static Pairing pinned(InetAddress address) {
        return new Pairing(null, address, true);
    }

    /** The pairing stored in {@code file} (none yet if it does not exist). */
    public static Pairing stored(Path file) {
        return new Pairing(file, read(file), false);
    }

    /** No Home Assistant paired and nowhere to keep one (tests). */
    public static Pairing none() {
        return new Pairing(null, null, false);
    }

    public void onPaired(Listener listener) {
        this.listener = listener == null ? (a, by) -> {} : listener;
    }

    /** The paired Home Assistant's address, or null. */
    public InetAddress paired() {
        return paired;
    }

    public boolean isPaired(InetAddress peer) {
        InetAddress p = paired;
        return p != null && p.equals(AllowList.normalized(peer));
    }

    public boolean pinned() {
        return pinned;
    }

    /**
     * Opens a window of {@code length} in which the first peer that sends {@code run-satellite} becomes the paired
     * Home Assistant (replacing the one before).
     *
     * @throws IllegalStateException if the address is pinned by {@code --home-assistant}
     */
    public synchronized void openWindow(Duration length, String by) {
        if (pinned) throw new IllegalStateException("the Home Assistant address is set with --home-assistant");
        windowEndsNanos = System.nanoTime() + length.toNanos();
        windowOpenedBy = by;
        log.info("wyoming: pairing window open for {} s (by {})", length.toSeconds(), by);
    }

    /** Seconds the window stays open, 0 when closed. */
    public synchronized long windowSecondsLeft() {
        long left = windowEndsNanos - System.nanoTime();
        return windowEndsNanos == 0 || left <= 0 ? 0 : (left + 999_999_999L) / 1_000_000_000L;
    }

    /**
     * {@code peer} sent run-satellite: if the window is open, it becomes the paired Home Assistant (stored, the window
     * closes) and true is returned.
     */
    boolean pairIfOpen(InetAddress peer) {
        InetAddress address = AllowList.normalized(peer);
        String by;
        synchronized (this) {
            if (windowSecondsLeft() == 0) return false;
            windowEndsNanos = 0;
            by = windowOpenedBy;
            paired = address;
        }
        store(address);
        log.info("wyoming: paired with Home Assistant at {}", address.getHostAddress());
        listener.paired(address, by);
        return true;
    }

    private void store(InetAddress address) {
        if (file == null) return;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, address.getHostAddress() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.error("wyoming: cannot store the pairing in {} ({}); it holds until wakegate stops", file, e.getMessage());
        }
    }

    private static InetAddress read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            throw new UserError(file + ": cannot read the paired Home Assistant (" + e.getMessage()
                    + "). Fix: delete the file and pair again with 'wakegate ctl pair'");
        }
        if (lines.isEmpty()) return null;
        try {
            if (lines.size() > 1) throw new IllegalArgumentException("more than one line");
            return AllowList.literalAddress(lines.get(0));
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": not a paired Home Assistant address (" + e.getMessage()
                    + "). Fix: delete the file and pair again with 'wakegate ctl pair'");
        }
    }

    @Override
    public String toString() {
        InetAddress p = paired;
        return p == null ? "no Home Assistant paired" : "Home Assistant " + p.getHostAddress() + (pinned ? " (--home-assistant)" : " (paired)");
    }
}
