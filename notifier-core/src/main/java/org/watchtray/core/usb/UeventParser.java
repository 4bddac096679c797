package org.watchtray.core.usb;

import org.watchtray.core.parse.Parsed;
import org.watchtray.core.thinpool.ThinPoolStatusParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses one NETLINK_KOBJECT_UEVENT datagram. Kernel framing: {@code ACTION@DEVPATH\0} then
 * {@code KEY=VALUE\0}…, SEQNUM last. udev framing: a 40-byte {@code monitor_netlink_header}
 * starting "libudev\0" with magic 0xFEEDCAFE (big-endian) and the properties' offset and length
 * (host order), then the same {@code KEY=VALUE\0} list without the action line.
 */
public final class UeventParser {
    static final byte[] LIBUDEV_PREFIX = "libudev\0".getBytes(StandardCharsets.US_ASCII);
    static final int LIBUDEV_MAGIC = 0xFEEDCAFE;
    static final int LIBUDEV_HEADER_SIZE = 40;

    private UeventParser() {
    }

    public static Parsed<Uevent> parse(byte[] buf, int length) {
        if (length < 0 || length > buf.length) {
            return Parsed.malformed("datagram length " + length + " outside the buffer of " + buf.length, 0);
        }
        if (startsWith(buf, length, LIBUDEV_PREFIX)) {
            return parseUdev(buf, length);
        }
        int headerEnd = KmsgParser.indexOf(buf, (byte) 0, 0, length);
        if (headerEnd < 0) {
            return Parsed.malformed("no NUL after the ACTION@DEVPATH header", 0);
        }
        String header = new String(buf, 0, headerEnd, StandardCharsets.UTF_8);
        int at = header.indexOf('@');
        if (at <= 0 || at == header.length() - 1) {
            return Parsed.malformed("header is not ACTION@DEVPATH: '" + Parsed.clip(header) + "'", 0);
        }
        Parsed<Map<String, String>> props = properties(buf, headerEnd + 1, length);
        return switch (props) {
            case Parsed.Malformed<Map<String, String>> bad -> Parsed.malformed(bad.problem(), bad.offset());
            case Parsed.Ok<Map<String, String>> ok -> {
                Map<String, String> p = ok.value();
                String action = p.getOrDefault("ACTION", header.substring(0, at));
                String devpath = p.getOrDefault("DEVPATH", header.substring(at + 1));
                yield Parsed.ok(new Uevent(Uevent.Origin.KERNEL, action, devpath, p));
            }
        };
    }

    public static Parsed<Uevent> parse(byte[] datagram) {
        return parse(datagram, datagram.length);
    }

    private static Parsed<Uevent> parseUdev(byte[] buf, int length) {
        if (length < LIBUDEV_HEADER_SIZE) {
            return Parsed.malformed("libudev datagram of " + length + " bytes is shorter than its 40-byte header", 0);
        }
        ByteBuffer be = ByteBuffer.wrap(buf, 0, length).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer host = ByteBuffer.wrap(buf, 0, length).order(ByteOrder.nativeOrder());
        if (be.getInt(8) != LIBUDEV_MAGIC) {
            return Parsed.malformed(String.format("libudev magic is 0x%08x, expected 0xfeedcafe", be.getInt(8)), 8);
        }
        long off = Integer.toUnsignedLong(host.getInt(16));
        long len = Integer.toUnsignedLong(host.getInt(20));
        if (off < LIBUDEV_HEADER_SIZE || off + len > length) {
            return Parsed.malformed("libudev properties (offset " + off + ", length " + len + ") outside the "
                    + length + "-byte datagram", 16);
        }
        Parsed<Map<String, String>> props = properties(buf, (int) off, (int) (off + len));
        return switch (props) {
            case Parsed.Malformed<Map<String, String>> bad -> Parsed.malformed(bad.problem(), bad.offset());
            case Parsed.Ok<Map<String, String>> ok -> {
                Map<String, String> p = ok.value();
                if (!p.containsKey("ACTION") || !p.containsKey("DEVPATH")) {
                    yield Parsed.malformed("libudev properties lack ACTION or DEVPATH", (int) off);
                }
                yield Parsed.ok(new Uevent(Uevent.Origin.UDEV, p.get("ACTION"), p.get("DEVPATH"), p));
            }
        };
    }

    /** The NUL-separated KEY=VALUE list in [from, to); a missing final NUL is tolerated. */
    private static Parsed<Map<String, String>> properties(byte[] buf, int from, int to) {
        Map<String, String> p = new LinkedHashMap<>();
        int at = from;
        while (at < to) {
            int end = KmsgParser.indexOf(buf, (byte) 0, at, to);
            int stop = end < 0 ? to : end;
            if (stop > at) {
                int eq = KmsgParser.indexOf(buf, (byte) '=', at, stop);
                if (eq <= at) {
                    return Parsed.malformed("property is not KEY=VALUE: '"
                            + Parsed.clip(new String(buf, at, stop - at, StandardCharsets.UTF_8)) + "'", at);
                }
                p.put(new String(buf, at, eq - at, StandardCharsets.UTF_8), new String(buf, eq + 1, stop - eq - 1, StandardCharsets.UTF_8));
            }
            at = stop + 1;
        }
        return Parsed.ok(p);
    }

    private static boolean startsWith(byte[] buf, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
