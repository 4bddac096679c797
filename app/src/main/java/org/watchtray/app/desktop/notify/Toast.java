package org.watchtray.app.desktop.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.watchtray.core.event.Event;

/**
 * One toast as the user will see it: a short title, a plain-text body (escaped later if the
 * server wants markup), the urgency and category hints, and the actions with their labels in
 * display order. {@code event} is what it is about (null for an overflow toast).
 */
public record Toast(ToastKey key, String title, String body, Urgency urgency, String category,
                    Map<ToastAction, String> actions, Event event) {

    public Toast {
        Objects.requireNonNull(key);
        Objects.requireNonNull(title);
        Objects.requireNonNull(body);
        Objects.requireNonNull(urgency);
        actions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(actions));
    }

    /** The same toast without one button. */
    public Toast without(ToastAction action) {
        Map<ToastAction, String> fewer = new LinkedHashMap<>(actions);
        fewer.remove(action);
        return new Toast(key, title, body, urgency, category, fewer, event);
    }

    /** The same toast without buttons, for a server that cannot show them. */
    public Toast withoutActions() {
        return new Toast(key, title, body, urgency, category, Map.of(), event);
    }
}
