package org.watchtray.core.event;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;

/** Every event type's {@link EventShape}, found by event or by name. */
public final class EventShapes {
    /** Every type, in the order of {@link Event}'s permits. */
    public static final List<EventShape<?>> ALL = List.of(KeyEvent.SHAPE, CredentialEvent.SHAPE, MountEvent.SHAPE,
            ThinPoolEvent.SHAPE, UsbEvent.SHAPE, LossEvent.SHAPE, DecodeProblem.SHAPE, SourceStatusEvent.SHAPE);

    private static final Map<String, EventShape<?>> BY_NAME = new HashMap<>();

    static {
        for (EventShape<?> s : ALL) {
            for (String n : s.eventNames()) {
                if (BY_NAME.put(n, s) != null) {
                    throw new IllegalStateException("two event types are called " + n);
                }
            }
        }
    }

    private EventShapes() {
    }

    @SuppressWarnings("unchecked")
    public static <E extends Event> EventShape<E> of(E event) {
        EventShape<?> s = switch (event) {
            case KeyEvent e -> KeyEvent.SHAPE;
            case CredentialEvent e -> CredentialEvent.SHAPE;
            case MountEvent e -> MountEvent.SHAPE;
            case ThinPoolEvent e -> ThinPoolEvent.SHAPE;
            case UsbEvent e -> UsbEvent.SHAPE;
            case LossEvent e -> LossEvent.SHAPE;
            case DecodeProblem e -> DecodeProblem.SHAPE;
            case SourceStatusEvent e -> SourceStatusEvent.SHAPE;
        };
        return (EventShape<E>) s;
    }

    /** The type of events called {@code name} (e.g. {@code mounts.remounted_ro}); null when none is. */
    public static EventShape<?> named(String name) {
        return BY_NAME.get(name);
    }
}
