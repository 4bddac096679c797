package org.watchtray.app.desktop.notify;

import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;

/**
 * The object a toast is about: one toast per key, replaced as the object changes and withdrawn
 * when it resolves. {@code overflow} keys stand for "more alerts from this source".
 */
public record ToastKey(SourceId source, String subject, boolean overflow) {

    public static ToastKey of(Event e) {
        return new ToastKey(e.source(), e.subject() == null ? "" : e.subject(), false);
    }

    public static ToastKey overflowOf(SourceId source) {
        return new ToastKey(source, "", true);
    }
}
