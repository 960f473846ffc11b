package dev.wakegate.testing;

/** The threads of a given name still alive, once those that are ending have had a moment (up to 5 s) to end. */
public final class LiveThreads {
    private LiveThreads() {}

    public static long named(String name) throws InterruptedException {
        for (int tries = 0; tries < 50 && count(name) > 0; tries++) Thread.sleep(100);
        return count(name);
    }

    private static long count(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).count();
    }
}
