package org.watchtray.agent;

import java.util.Optional;
import org.watchtray.core.agent.SeqpacketSockets.Peer;

/**
 * Who may subscribe: root always; anyone else only when the configured group is their primary
 * group or one of their supplementary groups, as the kernel reports them for the connecting
 * process ({@code SO_PEERCRED}, {@code SO_PEERGROUPS}). Nothing the peer sends is trusted.
 *
 * @param groupName   the configured group, for messages
 * @param groupGid    its gid, or -1 when the socket could not be given to it (then only root may subscribe)
 * @param whyRootOnly why only root may subscribe (the group does not exist, or the socket could not be given to it)
 */
public record PeerPolicy(String groupName, int groupGid, String whyRootOnly) {

    /** Empty when {@code peer} may subscribe, else why not (for the log and for the peer). */
    public Optional<String> refusal(Peer peer) {
        if (peer.uid() == 0) {
            return Optional.empty();
        }
        if (groupGid < 0) {
            return Optional.of("uid " + peer.uid() + " is not root, and only root may subscribe: " + whyRootOnly);
        }
        if (peer.gid() == groupGid || peer.groups().contains(groupGid)) {
            return Optional.empty();
        }
        return Optional.of("uid " + peer.uid() + " is not root and not in group '" + groupName + "' (gid " + groupGid + ")");
    }
}
