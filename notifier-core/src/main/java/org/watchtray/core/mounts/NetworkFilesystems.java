package org.watchtray.core.mounts;

import java.util.Set;

/** Filesystem types whose data lives on another machine: their disappearance is reported as a lost network mount. */
public final class NetworkFilesystems {
    private NetworkFilesystems() {
    }

    private static final Set<String> KERNEL = Set.of(
            "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "ceph", "9p", "glusterfs", "lustre",
            "coda", "davfs", "sshfs", "orangefs");

    /** FUSE subtypes ({@code fuse.NAME}) of network filesystems. */
    private static final Set<String> FUSE = Set.of(
            "sshfs", "rclone", "s3fs", "glusterfs", "ceph-fuse", "davfs", "curlftpfs", "smbnetfs", "gcsfuse",
            "goofys", "juicefs", "moosefs", "mfs", "lizardfs", "seaweedfs", "wdfs");

    public static boolean isNetwork(String fsType) {
        if (KERNEL.contains(fsType)) {
            return true;
        }
        int dot = fsType.indexOf('.');
        if (dot < 0) {
            return false;
        }
        String type = fsType.substring(0, dot);
        String subtype = fsType.substring(dot + 1);
        return (type.equals("fuse") || type.equals("fuseblk")) && FUSE.contains(subtype) || KERNEL.contains(type);
    }
}
