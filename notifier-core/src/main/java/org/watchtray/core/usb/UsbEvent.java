package org.watchtray.core.usb;

import org.watchtray.core.event.Change;
import org.watchtray.core.event.Details;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import java.time.Instant;
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
        return Details.of()
                .put("port", port)
                .put("product", product.isEmpty() ? null : product)
                .put("message", message.isEmpty() ? null : message)
                .put("errno", errno == 0 ? null : errno)
                .put("count", count)
                .put("port_failures", portFailures == 0 ? null : portFailures)
                .asMap();
    }
}
