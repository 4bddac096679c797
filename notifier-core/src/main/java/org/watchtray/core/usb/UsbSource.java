package org.watchtray.core.usb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.source.CurrentReadings;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.ReadingSink;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;

/**
 * Reads what the kernel says about USB and hands it on as readings, deciding nothing about
 * bursts: the kernel log's structured records ({@code /dev/kmsg}, only those about USB) and
 * {@code NETLINK_KOBJECT_UEVENT} uevents about USB, each with the time it was read, plus the
 * devices present in sysfs at start and after a loss. Either kernel half may be missing (kmsg
 * needs CAP_SYSLOG where dmesg_restrict=1); the status says which one runs and why the other
 * does not. Records the kernel overwrote before they were read become a {@link LossEvent}.
 */
public final class UsbSource implements Source, CurrentReadings {
    private static final System.Logger LOG = System.getLogger(UsbSource.class.getName());
    private static final Pattern USB_DEVICE = Pattern.compile("\\d+-\\d+(?:\\.\\d+)*");
    /** Recent kernel-log readings about USB trouble kept for late subscribers. */
    private static final int RECENT = 32;

    /**
     * @param kmsgPath   normally /dev/kmsg
     * @param replayKmsg read the whole kernel log buffer first instead of starting at its end
     * @param sysfs      normally /sys (devices present at start, product names, resync)
     */
    public record Options(String kmsgPath, boolean replayKmsg, Path sysfs) {
        public static final Options DEFAULT = new Options("/dev/kmsg", false, Path.of("/sys"));
    }

    private final KernelLog.Opener kernelLog;
    private final Uevents.Opener ueventSocket;
    private final Options options;
    private final ReadingSink<? super UsbReading> sink;
    private final UsbKmsgClassifier classifier = new UsbKmsgClassifier();
    private final byte[] buffer = new byte[Math.max(KernelLog.MAX_RECORD, Uevents.MAX_DATAGRAM)];
    /** Devices present now, with their product names. */
    private final Map<String, String> present = new LinkedHashMap<>();
    private final ArrayDeque<UsbReading.KernelLogRecord> recent = new ArrayDeque<>();
    private SourceContext ctx;
    private KernelLog kmsg;
    private Uevents uevents;
    private SourceContext.Registration kmsgWatch;
    private SourceContext.Registration ueventWatch;
    private long lastSequence = -1;
    private boolean kmsgGap;

    public UsbSource(KernelLog.Opener kernelLog, Uevents.Opener ueventSocket, Options options, ReadingSink<? super UsbReading> sink) {
        this.kernelLog = kernelLog;
        this.ueventSocket = ueventSocket;
        this.options = options;
        this.sink = sink;
    }

    @Override
    public SourceId id() {
        return SourceId.USB;
    }

    @Override
    public SourceStatus start(SourceContext context) {
        this.ctx = context;
        String kmsgProblem = null;
        String ueventProblem = null;
        try {
            kmsg = kernelLog.open(options.kmsgPath(), options.replayKmsg());
            kmsgWatch = ctx.watch(kmsg.fd(), SourceContext.READABLE, ready -> onKmsg());
        } catch (OsException e) {
            kmsgProblem = options.kmsgPath() + ": " + e.errnoName()
                    + (e.errno() == Errno.EPERM ? " (reading the kernel log needs CAP_SYSLOG where kernel.dmesg_restrict=1, or printk.devkmsg=off)" : "");
        }
        try {
            uevents = ueventSocket.open();
            ueventWatch = ctx.watch(uevents.fd(), SourceContext.READABLE, ready -> onUevent());
        } catch (OsException e) {
            ueventProblem = "NETLINK_KOBJECT_UEVENT: " + e.getMessage();
        }
        scanSysfs();
        String kmsgMechanism = options.kmsgPath() + " records with SUBSYSTEM=usb" + (options.replayKmsg() ? " (replaying the buffer)" : "");
        String ueventMechanism = "NETLINK_KOBJECT_UEVENT group 1";
        if (kmsgProblem == null && ueventProblem == null) {
            return SourceStatus.active(SourceId.USB, kmsgMechanism + " + " + ueventMechanism);
        } else if (kmsgProblem == null) {
            return SourceStatus.degraded(SourceId.USB, kmsgMechanism + " only", ueventProblem);
        } else if (ueventProblem == null) {
            return SourceStatus.degraded(SourceId.USB, ueventMechanism + " only (plug, unplug, over-current)", kmsgProblem);
        }
        return SourceStatus.unavailable(SourceId.USB, kmsgProblem + "; " + ueventProblem);
    }

    @Override
    public void resync() {
        scanSysfs();
    }

    /** The devices present, then the recent kernel-log records about USB trouble, oldest first. */
    @Override
    public List<Reading> currentReadings() {
        List<Reading> out = new ArrayList<>();
        out.add(new UsbReading.Devices(ctx.clock().instant(), present));
        out.addAll(recent);
        return out;
    }

    private void onKmsg() throws OsException {
        while (kmsg != null) {
            int n = kmsg.read(buffer);
            if (n == KernelLog.OVERWRITTEN) {
                kmsgGap = true;
                if (lastSequence < 0) {
                    ctx.emit(new LossEvent(ctx.clock().instant(), SourceId.USB, -1, "kernel log records overwritten before they were read"));
                }
                continue;
            }
            if (n <= 0) {
                return; // AGAIN, or 0 which /dev/kmsg never returns for a live buffer
            }
            kernelLogRecord(n);
        }
    }

    private void kernelLogRecord(int length) {
        Instant now = ctx.clock().instant();
        switch (KmsgParser.parse(buffer, length)) {
            case Parsed.Ok<KmsgRecord> ok -> {
                KmsgRecord r = ok.value();
                if (kmsgGap && lastSequence >= 0 && r.sequence() > lastSequence + 1) {
                    ctx.emit(new LossEvent(now, SourceId.USB, r.sequence() - lastSequence - 1,
                            "kernel log records overwritten before they were read"));
                }
                kmsgGap = false;
                lastSequence = r.sequence();
                if (UsbKmsgClassifier.isUsb(r)) {
                    UsbReading.KernelLogRecord reading = new UsbReading.KernelLogRecord(now, Bytes.copyOf(buffer, 0, length));
                    if (classifier.classify(r, now).filter(o -> o.change().severity().atLeast(Severity.NOTICE)).isPresent()) {
                        if (recent.size() == RECENT) {
                            recent.removeFirst();
                        }
                        recent.addLast(reading);
                    }
                    sink.accept(reading, ctx);
                }
            }
            case Parsed.Malformed<KmsgRecord> bad -> ctx.emit(new DecodeProblem(now, SourceId.USB, bad.offset(),
                    "kernel log record: " + bad.problem(), Bytes.copyOf(buffer, 0, length)));
        }
    }

    private void onUevent() throws OsException {
        while (uevents != null) {
            int n = uevents.receive(buffer);
            if (n == Uevents.OVERFLOWED) {
                ctx.emit(new LossEvent(ctx.clock().instant(), SourceId.USB, -1, "uevent socket overflowed (ENOBUFS)"));
                scanSysfs();
                continue;
            }
            if (n < 0) {
                return;
            }
            uevent(n);
        }
    }

    private void uevent(int length) {
        Instant now = ctx.clock().instant();
        switch (UeventParser.parse(buffer, length)) {
            case Parsed.Ok<Uevent> ok -> {
                Uevent u = ok.value();
                if (!u.subsystem().equals("usb")) {
                    return;
                }
                String product = "";
                if (u.devtype().equals("usb_device")) {
                    if (u.action().equals("add")) {
                        product = productName(options.sysfs().resolve(u.devpath().replaceFirst("^/+", "")));
                        present.put(u.deviceName(), product);
                    } else if (u.action().equals("remove")) {
                        present.remove(u.deviceName());
                    }
                }
                sink.accept(new UsbReading.UeventDatagram(now, Bytes.copyOf(buffer, 0, length), product), ctx);
            }
            case Parsed.Malformed<Uevent> bad -> ctx.emit(new DecodeProblem(now, SourceId.USB, bad.offset(),
                    "uevent: " + bad.problem(), Bytes.copyOf(buffer, 0, length)));
        }
    }

    /** Reads which USB devices exist and hands the list on (whoever decides compares it with what it knew). */
    private void scanSysfs() {
        Map<String, String> now = new LinkedHashMap<>();
        Path devices = options.sysfs().resolve("bus/usb/devices");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(devices)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (USB_DEVICE.matcher(name).matches()) {
                    now.put(name, productName(p));
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "no USB devices listed at " + devices + ": " + e);
            return;
        }
        present.clear();
        present.putAll(now);
        sink.accept(new UsbReading.Devices(ctx.clock().instant(), present), ctx);
    }

    /** The sysfs product string, else "vvvv:pppp" from idVendor/idProduct, else "". */
    private static String productName(Path device) {
        String product = readSmall(device.resolve("product"));
        if (!product.isEmpty()) {
            return product;
        }
        String vendor = readSmall(device.resolve("idVendor"));
        String id = readSmall(device.resolve("idProduct"));
        return vendor.isEmpty() || id.isEmpty() ? "" : vendor + ":" + id;
    }

    private static String readSmall(Path p) {
        try {
            byte[] b = Files.readAllBytes(p);
            return new String(b, 0, Math.min(b.length, 256), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        for (SourceContext.Registration r : new SourceContext.Registration[] {kmsgWatch, ueventWatch}) {
            if (r != null) {
                r.close();
            }
        }
        kmsgWatch = ueventWatch = null;
        if (kmsg != null) {
            kmsg.close();
            kmsg = null;
        }
        if (uevents != null) {
            uevents.close();
            uevents = null;
        }
    }
}
