package org.watchtray.nativeaccess.usb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.watchtray.core.usb.UsbOccurrence;
import org.watchtray.core.usb.UsbTracker;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.usb.KmsgParser;
import org.watchtray.core.usb.KmsgRecord;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.usb.Uevent;
import org.watchtray.core.usb.UeventParser;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.CurrentState;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * USB errors, resets, over-current and plug/unplug: the kernel log's structured records
 * ({@code /dev/kmsg}, dictionary {@code SUBSYSTEM=usb}) plus {@code NETLINK_KOBJECT_UEVENT}
 * for devices added and removed, both fed into one {@link UsbTracker} that merges bursts.
 * Either half may be missing (kmsg needs CAP_SYSLOG where dmesg_restrict=1); the status says
 * which one runs and why the other does not.
 */
public final class UsbSource implements Source, CurrentState {
    private static final System.Logger LOG = System.getLogger(UsbSource.class.getName());
    private static final Pattern USB_DEVICE = Pattern.compile("\\d+-\\d+(?:\\.\\d+)*");

    /**
     * @param kmsgPath   normally /dev/kmsg
     * @param replayKmsg read the whole kernel log buffer first instead of starting at its end
     * @param sysfs      normally /sys (devices present at start, product names, resync)
     */
    public record Options(String kmsgPath, boolean replayKmsg, Path sysfs) {
        public static final Options DEFAULT = new Options("/dev/kmsg", false, Path.of("/sys"));
    }

    private final Libc libc;
    private final Options options;
    private final UsbTracker tracker;
    /** Devices present now, with their product names. */
    private final Map<String, String> present = new HashMap<>();
    private SourceContext ctx;
    private KmsgReader kmsg;
    private UeventSocket uevents;
    private SourceContext.Registration kmsgWatch;
    private SourceContext.Registration ueventWatch;
    private SourceContext.Registration flushAt;
    private Instant flushDeadline;
    private long lastSequence = -1;
    private boolean kmsgGap;
    private SourceStatus status = SourceStatus.unavailable(SourceId.USB, "not started");

    public UsbSource(Libc libc, Settings.Usb settings, Options options) {
        this.libc = libc;
        this.options = options;
        this.tracker = new UsbTracker(settings);
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
            kmsg = KmsgReader.open(libc, options.kmsgPath(), options.replayKmsg());
            kmsgWatch = ctx.watch(kmsg.fd(), SourceContext.READABLE, ready -> onKmsg());
        } catch (OsException e) {
            kmsgProblem = options.kmsgPath() + ": " + e.errnoName()
                    + (e.errno() == Errno.EPERM ? " (reading the kernel log needs CAP_SYSLOG where kernel.dmesg_restrict=1, or printk.devkmsg=off)" : "");
        }
        try {
            uevents = UeventSocket.open(libc);
            ueventWatch = ctx.watch(uevents.fd(), SourceContext.READABLE, ready -> onUevent());
        } catch (OsException e) {
            ueventProblem = "NETLINK_KOBJECT_UEVENT: " + e.getMessage();
        }
        scanSysfs(false);
        String kmsgMechanism = options.kmsgPath() + " records with SUBSYSTEM=usb" + (options.replayKmsg() ? " (replaying the buffer)" : "");
        String ueventMechanism = "NETLINK_KOBJECT_UEVENT group 1";
        if (kmsgProblem == null && ueventProblem == null) {
            status = SourceStatus.active(SourceId.USB, kmsgMechanism + " + " + ueventMechanism);
        } else if (kmsgProblem == null) {
            status = SourceStatus.degraded(SourceId.USB, kmsgMechanism + " only", ueventProblem);
        } else if (ueventProblem == null) {
            status = SourceStatus.degraded(SourceId.USB, ueventMechanism + " only (plug, unplug, over-current)", kmsgProblem);
        } else {
            status = SourceStatus.unavailable(SourceId.USB, kmsgProblem + "; " + ueventProblem);
        }
        return status;
    }

    public SourceStatus status() {
        return status;
    }

    @Override
    public void resync() {
        scanSysfs(true);
        release();
    }

    @Override
    public List<Event> currentState() {
        return new ArrayList<>(tracker.recentErrors());
    }

    private void onKmsg() throws OsException {
        kmsg.drain(new KmsgReader.Sink() {
            @Override
            public void record(byte[] bytes, int length) {
                Instant now = ctx.clock().instant();
                switch (KmsgParser.parse(bytes, length)) {
                    case Parsed.Ok<KmsgRecord> ok -> {
                        KmsgRecord r = ok.value();
                        if (kmsgGap && lastSequence >= 0 && r.sequence() > lastSequence + 1) {
                            ctx.emit(new LossEvent(now, SourceId.USB, r.sequence() - lastSequence - 1,
                                    "kernel log records overwritten before they were read"));
                        }
                        kmsgGap = false;
                        lastSequence = r.sequence();
                        tracker.kmsg(r, now);
                    }
                    case Parsed.Malformed<KmsgRecord> bad -> ctx.emit(new DecodeProblem(now, SourceId.USB, bad.offset(),
                            "kernel log record: " + bad.problem(), Bytes.copyOf(bytes, 0, length)));
                }
            }

            @Override
            public void overwritten() {
                kmsgGap = true;
                if (lastSequence < 0) {
                    ctx.emit(new LossEvent(ctx.clock().instant(), SourceId.USB, -1, "kernel log records overwritten before they were read"));
                }
            }
        });
        release();
    }

    private void onUevent() throws OsException {
        uevents.drain(new UeventSocket.Sink() {
            @Override
            public void datagram(byte[] bytes, int length) {
                Instant now = ctx.clock().instant();
                switch (UeventParser.parse(bytes, length)) {
                    case Parsed.Ok<Uevent> ok -> uevent(ok.value(), now);
                    case Parsed.Malformed<Uevent> bad -> ctx.emit(new DecodeProblem(now, SourceId.USB, bad.offset(),
                            "uevent: " + bad.problem(), Bytes.copyOf(bytes, 0, length)));
                }
            }

            @Override
            public void overflowed() {
                ctx.emit(new LossEvent(ctx.clock().instant(), SourceId.USB, -1, "uevent socket overflowed (ENOBUFS)"));
                scanSysfs(true);
            }
        });
        release();
    }

    private void uevent(Uevent u, Instant now) {
        String product = "";
        if (u.subsystem().equals("usb") && u.devtype().equals("usb_device")) {
            String name = u.deviceName();
            if (u.action().equals("add")) {
                product = productName(options.sysfs().resolve(u.devpath().replaceFirst("^/+", "")));
                present.put(name, product);
            } else if (u.action().equals("remove")) {
                present.remove(name);
            }
        }
        tracker.uevent(u, product, now);
    }

    /**
     * Reads which USB devices exist. The first time only remembers them (no replay of what was
     * plugged before we started); after a loss, announces the differences.
     */
    private void scanSysfs(boolean announce) {
        Map<String, String> now = new HashMap<>();
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
        Instant t = ctx.clock().instant();
        if (announce) {
            for (var e : now.entrySet()) {
                if (!present.containsKey(e.getKey())) {
                    tracker.add(new UsbOccurrence(t, UsbEvent.Change.ADDED, e.getKey(), e.getValue(), "found on resync", 0));
                }
            }
            for (var e : present.entrySet()) {
                if (!now.containsKey(e.getKey())) {
                    tracker.add(new UsbOccurrence(t, UsbEvent.Change.REMOVED, e.getKey(), e.getValue(), "missing on resync", 0));
                }
            }
        }
        present.clear();
        present.putAll(now);
        now.forEach(tracker::present);
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

    /** Emits the bursts that ended and sets a deadline for the next one. */
    private void release() {
        Instant now = ctx.clock().instant();
        tracker.flush(now).forEach(ctx::emit);
        Instant next = tracker.nextFlush().orElse(null);
        if (next != null && next.equals(flushDeadline)) {
            return;
        }
        if (flushAt != null) {
            flushAt.close();
            flushAt = null;
        }
        flushDeadline = next;
        if (next != null) {
            flushAt = ctx.schedule(next, () -> {
                flushAt = null;
                flushDeadline = null;
                release();
            });
        }
    }

    @Override
    public void close() {
        for (SourceContext.Registration r : new SourceContext.Registration[] {flushAt, kmsgWatch, ueventWatch}) {
            if (r != null) {
                r.close();
            }
        }
        flushAt = kmsgWatch = ueventWatch = null;
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
