package dev.wakegate.cli;

import picocli.CommandLine.IVersionProvider;

final class Version implements IVersionProvider {
    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"wakegate " + current(), "Java " + Runtime.version() + " (" + System.getProperty("os.arch") + ")"};
    }
}
