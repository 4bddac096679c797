package org.watchtray.core.event;

import java.time.Instant;
import java.util.Map;

/** Input that could not be decoded: what was wrong, where, and the offending bytes. */
public record DecodeProblem(Instant time, SourceId affected, long offset, String problem, Bytes raw) implements Event {

    public DecodeProblem {
        raw = raw == null ? Bytes.EMPTY : raw;
    }

    @Override
    public SourceId source() {
        return SourceId.META;
    }

    @Override
    public Severity severity() {
        return Severity.NOTICE;
    }

    @Override
    public String name() {
        return "meta.malformed";
    }

    @Override
    public String subject() {
        return affected.wireName();
    }

    @Override
    public Map<String, Object> details() {
        return Details.of().put("affected", affected.wireName()).put("offset", offset).put("problem", problem).asMap();
    }
}
