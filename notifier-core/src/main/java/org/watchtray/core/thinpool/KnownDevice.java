package org.watchtray.core.thinpool;

/**
 * What we know of one dm device: whether it is a thin pool, its last event counter, its
 * table, and the devices that table names (the pool's data and metadata devices, "" when the
 * table did not parse). {@code tableless}: it had no table when identified.
 */
record KnownDevice(long dev, boolean pool, boolean tableless, long eventNr, String uuid, String table,
                   String dataDevice, String metadataDevice) {
    static KnownDevice notAPool(long dev, boolean tableless, long eventNr, String uuid) {
        return new KnownDevice(dev, false, tableless, eventNr, uuid, "", "", "");
    }

    KnownDevice withEventNr(long nr) {
        return new KnownDevice(dev, pool, tableless, nr, uuid, table, dataDevice, metadataDevice);
    }
}
