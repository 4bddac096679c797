package org.watchtray.core.journal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The journal {@code MESSAGE_ID} of every event type: one fixed, random 128-bit ID per event
 * name, generated once and written here as literals, so a filter such as
 * {@code journalctl MESSAGE_ID=...} or a fleet's alert rule keeps working across versions. The
 * same table is in docs/journal.md and in the message catalog (watchtray.catalog); tests keep
 * the three equal and check that every event watchtray produces has an ID here.
 *
 * <p>Never change or reuse an ID. A new event type gets a new one ({@code journalctl --new-id128}).
 */
public final class MessageIds {

    /** One event name and its ID: 32 lower-case hex digits, the form journald writes. */
    public record Entry(String event, String id) {
        public Entry {
            if (!id.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("not a 128-bit ID in lower-case hex: " + id);
            }
        }
    }

    private static final List<Entry> TABLE = List.of(
            new Entry("keys.instantiated", "d5e9e6a1df654e62822062f0c8819f4d"),
            new Entry("keys.updated", "4fca244245da42a8ae1812b27527afde"),
            new Entry("keys.linked", "575cf114bee14438a9b011eb2f5d4238"),
            new Entry("keys.unlinked", "6fe7660f200740d4ba18d7e182ebe43a"),
            new Entry("keys.cleared", "6059f5c791a44d3c9e64b296b5df47f2"),
            new Entry("keys.revoked", "4a5bfb53339d479ca136a048e7be29c2"),
            new Entry("keys.invalidated", "d1fc97f7479a497dbb45229e62aaf325"),
            new Entry("keys.setattr", "b481a97302fd4d5996e8c7dfc002e2e9"),
            new Entry("keys.added", "3080e4f039d84a79badc78d6dea7c570"),
            new Entry("keys.removed", "552ba5b284924a718bd7aa426198e2ae"),
            new Entry("keys.expires_soon", "39f0051e4729480abcecdfc01110cb33"),
            new Entry("keys.expired", "11bfdb0a0d14487cbf00ad3c8a4aefdb"),

            new Entry("kerberos.acquired", "9a70c0b31329486993ebe7c7b0754424"),
            new Entry("kerberos.renewed", "e39b9934edd14f4ab951ded756e69813"),
            new Entry("kerberos.expires_soon", "099b3d6a82554214b4f3854555a2267b"),
            new Entry("kerberos.expired", "5cbffea1ded943318c4b0e4f6857eb2d"),
            new Entry("kerberos.destroyed", "2101bba974104d8a8191c6a9fd343743"),
            new Entry("kerberos.renew_failed", "7bda6e69ed774988b56eb9ca97fd5df2"),

            new Entry("mounts.mounted", "22ecb639de574443a351738fa6ecb1ee"),
            new Entry("mounts.unmounted", "8a6aa849d9e64af291f567be8762db72"),
            new Entry("mounts.moved", "7f38cc22a593450cbf36da82132eae79"),
            new Entry("mounts.options_changed", "9c5e70a41866478688cf15a6dbf953d1"),
            new Entry("mounts.remounted_ro", "688654ad14f8491eafc5ff2646536f36"),
            new Entry("mounts.remounted_rw", "a983efc3bc9b4cf8b546b59458ce164f"),
            new Entry("mounts.network_lost", "3ab8bf8a6e2247b1a01c303610c95918"),
            new Entry("mounts.burst", "dcf44aa6366b4580ab03d3793348755e"),

            new Entry("thinpool.status", "7bbf3b0c22d944f6815c44f3003962ea"),
            new Entry("thinpool.data_threshold", "79ca0bc1ac524bb7ae0e78de5662cee1"),
            new Entry("thinpool.metadata_threshold", "439e1a7635a3467c9eac2d8530792953"),
            new Entry("thinpool.low_water", "9b2300b227204e1ea625ff685c339ac5"),
            new Entry("thinpool.out_of_space", "bbd3a801451a477bb3430f95943ca525"),
            new Entry("thinpool.read_only", "ed4a23519fce4ae6b114269173d02fa9"),
            new Entry("thinpool.failed", "aedbbee633d0439ebab9bf540af998f3"),
            new Entry("thinpool.needs_check", "517d9623a2854f538299159e7b324190"),
            new Entry("thinpool.resolved", "bb51fdea151249219065a37893f524d0"),

            new Entry("usb.added", "cf68f16ad7fa4845b886c934bed90721"),
            new Entry("usb.removed", "4d59f81ae9c54d40a0f7c7622b10548d"),
            new Entry("usb.enumeration_error", "ea1c9002b0fc44ccaea71ca43e04d781"),
            new Entry("usb.cannot_enumerate", "e3089021aea54117ae9f044d9e325663"),
            new Entry("usb.reset", "c40e233274644ed6ba1da642ce24ea3c"),
            new Entry("usb.over_current", "1f72d3421cb4476bbe0a25aa8108e567"),
            new Entry("usb.disconnect", "7acbd8fdca1c4363b213355301d49a6f"),
            new Entry("usb.disconnect_storm", "6351f6eed6c345358fbd49ea2118926b"),
            new Entry("usb.error", "8e9838e8597c47c3a4125783e98cc8c4"),
            new Entry("usb.port_failing", "5e4ac6e14c224c2ba6be03561431515a"),

            new Entry("meta.loss", "e10cb52bed60462aa086ad5fd1ae79b1"),
            new Entry("meta.source_status", "c557d1935c794890a3101bee2c685994"),
            new Entry("meta.malformed", "f06cdb8bfbed4ae291de638e8d7e3e3c"));

    private static final Map<String, String> BY_EVENT = index();

    private MessageIds() {
    }

    /** Every entry, in the table's order (by source, then as each source declares its changes). */
    public static List<Entry> all() {
        return TABLE;
    }

    /** The ID of an event name ({@code Event.name()}), or empty for a name the table lacks. */
    public static Optional<String> of(String eventName) {
        return Optional.ofNullable(BY_EVENT.get(eventName));
    }

    private static Map<String, String> index() {
        Map<String, String> byEvent = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Entry e : TABLE) {
            if (byEvent.put(e.event(), e.id()) != null || !ids.add(e.id())) {
                throw new IllegalStateException("duplicate event or ID in the message ID table: " + e);
            }
        }
        return Map.copyOf(byEvent);
    }
}
