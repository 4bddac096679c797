package org.watchtray.packaging;

/** A packaging step failed; the message says which and why, with the tool's own words. */
public final class PackagingException extends Exception {
    public PackagingException(String message) {
        super(message);
    }

    public PackagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
