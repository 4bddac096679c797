package org.watchtray.app.desktop.notify;

/**
 * Something that shows toasts: the desktop's notification server, or the in-app fallback.
 * Ids are the toaster's own; {@link Listener} reports clicks and closes by those ids.
 */
public interface Toaster {

    /** What the toaster can render; without actions no buttons are offered, without markup the body is plain. */
    record Capabilities(boolean actions, boolean bodyMarkup) {
    }

    /** Told about clicks and closes, on a toaster thread; must not block. */
    interface Listener {
        void actionInvoked(Toaster from, long id, ToastAction action);

        void closed(Toaster from, long id);
    }

    /** Reports clicks and closes of this toaster's toasts to {@code listener} from now on. */
    void listen(Listener listener);

    /** Whether toasts can be shown now (for a server: whether one answers on the bus). */
    boolean available();

    Capabilities capabilities();

    /**
     * Shows {@code toast}, replacing the toast {@code replaces} in place when it is not 0.
     *
     * @return the toast's id
     * @throws ToasterException when the toaster went away; the caller falls back
     */
    long show(Toast toast, long replaces) throws ToasterException;

    /** Withdraws a toast; unknown or already closed ids are ignored. */
    void close(long id);

    /** For logs and the Sources view: "notification server dunst" or "in-app". */
    String describe();

    final class ToasterException extends Exception {
        public ToasterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
