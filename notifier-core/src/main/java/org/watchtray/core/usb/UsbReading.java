package org.watchtray.core.usb;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.Reading;

/** A reading of the USB source (docs/wire-format.md §5.11): kernel records as the kernel wrote them, and when they were read. */
public sealed interface UsbReading extends Reading {

    @Override
    default SourceId source() {
        return SourceId.USB;
    }

    /** One {@code /dev/kmsg} record about USB, byte for byte ({@link KmsgParser} reads it). */
    record KernelLogRecord(Instant time, Bytes record) implements UsbReading {
        public KernelLogRecord {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * One kernel uevent about USB, byte for byte ({@link UeventParser} reads it), with the
     * device's sysfs product string as it was when the uevent arrived ("" when unknown).
     */
    record UeventDatagram(Instant time, Bytes datagram, String product) implements UsbReading {
        public UeventDatagram {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(datagram, "datagram");
            product = product == null ? "" : product;
        }
    }

    /** The USB devices present now (sysfs): kernel device name ("1-1.2") → product string. */
    record Devices(Instant time, Map<String, String> present) implements UsbReading {
        public Devices {
            Objects.requireNonNull(time, "time");
            present = Map.copyOf(present);
        }
    }
}
