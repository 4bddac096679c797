package org.watchtray.core.hooks;

/** A hook definition that cannot be read: {@code path} names the field ("hooks.extend.timeout"). */
public final class HookSpecException extends IllegalArgumentException {
    private final String path;

    public HookSpecException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** The message without the path. */
    public String problem() {
        return getMessage().substring(path.length() + 2);
    }
}
