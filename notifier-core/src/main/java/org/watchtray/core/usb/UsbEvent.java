package org.watchtray.core.usb;

import org.watchtray.core.event.Change;
import org.watchtray.core.event.EventShape;
import org.watchtray.core.event.Field;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something happened on a USB port or device. {@code port} is the kernel's device name
 * ("1-1.2"); {@code count} is how many identical occurrences this one event stands for
 * (bursts are merged); {@code portFailures} counts errors on this port since start.
 */
public record UsbEvent(Instant time, Change change, String port, String product, String message,
                       int errno, int count, int portFailures) implements Event {

    public enum Change implements org.watchtray.core.event.Change {
        ADDED("added", Severity.INFO),
        REMOVED("removed", Severity.INFO),
        ENUMERATION_ERROR("enumeration_error", Severity.WARNING),
        CANNOT_ENUMERATE("cannot_enumerate", Severity.WARNING),
        RESET("reset", Severity.NOTICE),
        OVER_CURRENT("over_current", Severity.CRITICAL),
        DISCONNECT("disconnect", Severity.INFO),
        DISCONNECT_STORM("disconnect_storm", Severity.WARNING),
        ERROR("error", Severity.WARNING),
        PORT_FAILING("port_failing", Severity.WARNING);

        private final String wireName;
        private final Severity severity;

        Change(String wireName, Severity severity) {
            this.wireName = wireName;
            this.severity = severity;
        }

        @Override
        public String wireName() {
            return wireName;
        }

        @Override
        public Severity severity() {
            return severity;
        }
    }

    public UsbEvent {
        port = port == null ? "" : port; // absent (a history row or record without it): shown empty, never a crash
        product = product == null ? "" : product;
        message = message == null ? "" : message;
        count = Math.max(1, count);
    }

    @Override
    public SourceId source() {
        return SourceId.USB;
    }

    @Override
    public Severity severity() {
        return change.severity();
    }

    @Override
    public String name() {
        return "usb." + change.wireName();
    }

    @Override
    public String subject() {
        return port;
    }

    @Override
    public Map<String, Object> details() {
        return SHAPE.details(this);
    }

    // The one list of this event's fields: details, the history and the agent's records use it.
    public static final Field<UsbEvent, String> PORT = Field.text("port", UsbEvent::port);
    public static final Field<UsbEvent, String> PRODUCT = Field.text("product", UsbEvent::product).absentAs("");
    public static final Field<UsbEvent, String> MESSAGE = Field.text("message", UsbEvent::message).absentAs("");
    public static final Field<UsbEvent, Integer> ERRNO = Field.int32("errno", UsbEvent::errno).absentAs(0);
    public static final Field<UsbEvent, Integer> COUNT = Field.int32("count", UsbEvent::count);
    public static final Field<UsbEvent, Integer> PORT_FAILURES = Field.int32("port_failures", UsbEvent::portFailures).absentAs(0);

    public static final EventShape<UsbEvent> SHAPE = EventShape.of(UsbEvent.class, "usb", Change.class,
            List.of(PORT, PRODUCT, MESSAGE, ERRNO, COUNT, PORT_FAILURES),
            v -> new UsbEvent(v.time(), v.change(Change.class), v.get(PORT), v.get(PRODUCT), v.get(MESSAGE), v.get(ERRNO),
                    v.get(COUNT), v.get(PORT_FAILURES)));
}
